using Google.Protobuf;
using ScalingLab.Fitting.Readers;

namespace ScalingLab.Tests.Fitting;

/// <summary>Small logs in the real formats, written the way their tools write them, for the reader tests.</summary>
public static class LogFiles
{
    /// <summary>GPT-2 small's config.json (124,439,808 parameters with tied embeddings).</summary>
    public const string Gpt2SmallConfig = """{ "model_type": "gpt2", "n_layer": 12, "n_embd": 768, "n_head": 12, "vocab_size": 50257, "n_positions": 1024, "activation_function": "gelu_new" }""";

    /// <summary>A trainer_state.json whose log_history alternates train and eval entries, with tokens seen.</summary>
    public static string TrainerState(double[] evalLosses, double tokensPerStep, int every = 100)
    {
        var entries = new List<string>();
        for (var i = 0; i < evalLosses.Length; i++)
        {
            var step = (i + 1) * every;
            entries.Add($$"""{ "epoch": {{0.1 * (i + 1)}}, "grad_norm": 1.2, "learning_rate": 0.0003, "loss": {{evalLosses[i] + 0.05}}, "step": {{step}}, "num_input_tokens_seen": {{step * tokensPerStep}} }""");
            entries.Add($$"""{ "epoch": {{0.1 * (i + 1)}}, "eval_loss": {{evalLosses[i]}}, "eval_runtime": 3.1, "step": {{step}}, "num_input_tokens_seen": {{step * tokensPerStep}} }""");
        }
        return $$"""
            { "best_metric": null, "epoch": 1.0, "global_step": {{evalLosses.Length * every}}, "is_world_process_zero": true,
              "log_history": [ {{string.Join(",\n", entries)}} ], "logging_steps": {{every}}, "max_steps": {{evalLosses.Length * every}},
              "train_batch_size": 8, "trial_name": null }
            """;
    }

    /// <summary>One Event message: step and scalar values, as PyTorch's SummaryWriter (simple_value) or TF2 (a float tensor) writes them.</summary>
    public static byte[] ScalarEvent(long step, double wallTime, IEnumerable<(string Tag, float Value)> scalars, bool asTensor = false)
    {
        var summary = new MemoryStream();
        var s = new CodedOutputStream(summary);
        foreach (var (tag, value) in scalars)
        {
            var v = new MemoryStream();
            var vo = new CodedOutputStream(v);
            vo.WriteTag(1, WireFormat.WireType.LengthDelimited); vo.WriteString(tag);
            if (asTensor)
            {
                var t = new MemoryStream();
                var to = new CodedOutputStream(t);
                to.WriteTag(1, WireFormat.WireType.Varint); to.WriteEnum(1);                  // DT_FLOAT
                to.WriteTag(2, WireFormat.WireType.LengthDelimited); to.WriteBytes(ByteString.Empty); // scalar shape
                to.WriteTag(5, WireFormat.WireType.Fixed32); to.WriteFloat(value);              // float_val
                to.Flush();
                vo.WriteTag(8, WireFormat.WireType.LengthDelimited); vo.WriteBytes(ByteString.CopyFrom(t.ToArray()));
            }
            else { vo.WriteTag(2, WireFormat.WireType.Fixed32); vo.WriteFloat(value); }
            vo.Flush();
            s.WriteTag(1, WireFormat.WireType.LengthDelimited); s.WriteBytes(ByteString.CopyFrom(v.ToArray()));
        }
        s.Flush();
        var e = new MemoryStream();
        var eo = new CodedOutputStream(e);
        eo.WriteTag(1, WireFormat.WireType.Fixed64); eo.WriteDouble(wallTime);
        eo.WriteTag(2, WireFormat.WireType.Varint); eo.WriteInt64(step);
        eo.WriteTag(5, WireFormat.WireType.LengthDelimited); eo.WriteBytes(ByteString.CopyFrom(summary.ToArray()));
        eo.Flush();
        return e.ToArray();
    }

    /// <summary>An event file: the file_version record first, then one scalar event per step.</summary>
    public static byte[] EventFile(IEnumerable<(long Step, (string Tag, float Value)[] Scalars)> events, bool asTensor = false)
    {
        var version = new MemoryStream();
        var vo = new CodedOutputStream(version);
        vo.WriteTag(1, WireFormat.WireType.Fixed64); vo.WriteDouble(1.7e9);
        vo.WriteTag(3, WireFormat.WireType.LengthDelimited); vo.WriteString("brain.Event:2");
        vo.Flush();
        var file = new MemoryStream();
        file.Write(TfRecordReader.Frame(version.ToArray()));
        foreach (var (step, scalars) in events) file.Write(TfRecordReader.Frame(ScalarEvent(step, 1.7e9 + step, scalars, asTensor)));
        return file.ToArray();
    }
}
