using System.Text;
using ScalingLab.Units;
using System.Text.Json;
using ScalingLab.Compute;

namespace ScalingLab.Fitting.Readers;

/// <summary>
/// Hugging Face Trainer's trainer_state.json: its <c>log_history</c> is a list of objects, each with
/// a <c>step</c> and whatever was logged then (<c>loss</c>, <c>eval_loss</c>, <c>learning_rate</c>,
/// <c>num_input_tokens_seen</c>, ...). The run is named by its folder (a checkpoint-N folder by the
/// folder above it). The model's size comes from the config.json beside the state or one folder up:
/// its layers, width, heads, MLP width, vocabulary and context give a <see cref="ModelShape"/>,
/// counted by <see cref="ParameterCount"/>.
/// </summary>
public static class TrainerStateReader
{
    public const string FileName = "trainer_state.json";

    public static LogRun Read(string path, string field = "FILE")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new InputException(field, path, $"not valid JSON ({e.Message.Split('.')[0]}); expected Hugging Face's trainer_state.json"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("log_history", out var history) || history.ValueKind != JsonValueKind.Array)
                throw new InputException(field, path, "no log_history array; expected Hugging Face's trainer_state.json");
            var rows = new List<LogRow>();
            var i = 0;
            foreach (var entry in history.EnumerateArray())
            {
                i++;
                if (entry.ValueKind != JsonValueKind.Object) continue;
                var metrics = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in entry.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var v)) metrics[p.Name] = v;
                if (!metrics.TryGetValue("step", out var step))
                    throw new InputException(field, path, $"log_history entry {i} has no step");
                rows.Add(new LogRow(step, metrics, i));
            }
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var name = Path.GetFileName(folder);
            if (name.StartsWith("checkpoint-", StringComparison.OrdinalIgnoreCase)) name = Path.GetFileName(Path.GetDirectoryName(folder)!);
            var config = new[] { Path.Combine(folder, "config.json"), Path.Combine(Path.GetDirectoryName(folder)!, "config.json") }.FirstOrDefault(File.Exists);
            var n = config is null ? null : ConfigParameters(config, field);
            return new LogRun(name, path, rows, n, n is null ? null : $"counted from {Path.GetFileName(Path.GetDirectoryName(config))}/config.json");
        }
    }

    /// <summary>The parameter count of a Hugging Face model config (GPT-2 or Llama-style names).</summary>
    public static double? ConfigParameters(string path, string field = "FILE")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw new InputException(field, path, $"not valid JSON ({e.Message.Split('.')[0]}); expected the Hugging Face model config.json the run's size is counted from");
        }
        using var owned = doc;
        var c = doc.RootElement;
        if (c.ValueKind != JsonValueKind.Object) return null;
        int? Int(params string[] names)
        {
            foreach (var n in names)
                if (c.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var x) && x > 0) return x;
            return null;
        }
        var layers = Int("num_hidden_layers", "n_layer", "num_layers");
        var d = Int("hidden_size", "n_embd", "d_model");
        var vocab = Int("vocab_size");
        if (layers is null || d is null || vocab is null) return null;
        var heads = Int("num_attention_heads", "n_head") ?? Math.Max(1, d.Value / 64);
        var ffn = Int("intermediate_size", "n_inner", "ffn_dim") ?? 4 * d.Value;
        var context = Int("max_position_embeddings", "n_positions", "n_ctx") ?? 2048;
        var act = c.TryGetProperty("hidden_act", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var gated = act is "silu" or "swiglu" || c.TryGetProperty("rope_theta", out _);
        var tied = !c.TryGetProperty("tie_word_embeddings", out var t) || t.ValueKind != JsonValueKind.False;
        var shape = new ModelShape(layers.Value, d.Value, heads, d.Value / heads, ffn, vocab.Value, context, tied,
            gated ? PositionKind.Rotary : PositionKind.Learned, gated ? MlpKind.SwiGlu : MlpKind.Gelu, Biases: !gated);
        return ParameterCount.Total(shape);
    }
}
