using ScalingLab.Units;
using Google.Protobuf;

namespace ScalingLab.Fitting.Readers;

/// <summary>
/// TensorBoard event files (events.out.tfevents.*): TFRecords (<see cref="TfRecordReader"/>) each
/// holding one tensorflow.Event message. Only the fields a scalar needs are read, with
/// Google.Protobuf's wire-format reader; everything else is skipped:
/// Event { double wall_time = 1; int64 step = 2; Summary summary = 5; },
/// Summary { repeated Value value = 1; },
/// Value { string tag = 1; float simple_value = 2; TensorProto tensor = 8; } (PyTorch's writer uses
/// simple_value, TensorFlow 2's a scalar tensor),
/// TensorProto { DataType dtype = 1; bytes tensor_content = 4; repeated float float_val = 5; repeated double double_val = 6; }.
/// The run is named by the folder holding the file; rows are steps, metrics the scalar tags.
/// </summary>
public static class TensorBoardReader
{
    public static bool Looks(string path) => Path.GetFileName(path).Contains("tfevents", StringComparison.OrdinalIgnoreCase);

    public static LogRun Read(string path, string field = "FILE") => Read([path], Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))!), field);

    /// <summary>One run from its event files (a run folder may hold several, e.g. after a restart).</summary>
    public static LogRun Read(IReadOnlyList<string> files, string run, string field = "FILE")
    {
        var steps = new SortedDictionary<long, Dictionary<string, double>>();
        foreach (var file in files)
        {
            var index = 0;
            foreach (var record in TfRecordReader.Records(File.ReadAllBytes(file), file, field))
            {
                index++;
                try { ReadEvent(new CodedInputStream(record), steps); }
                catch (InvalidProtocolBufferException e)
                {
                    throw new InputException(field, file, $"record {index} is not an Event message ({e.Message.TrimEnd('.')}); expected a TensorBoard event file");
                }
            }
        }
        var rows = steps.Select(kv => new LogRow(kv.Key, kv.Value, (int)Math.Min(kv.Key, int.MaxValue))).ToList();
        return new LogRun(run, files[0], rows);
    }

    private static void ReadEvent(CodedInputStream input, SortedDictionary<long, Dictionary<string, double>> steps)
    {
        long step = 0;
        var scalars = new List<(string Tag, double Value)>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint: step = input.ReadInt64(); break;
                case 5 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited: ReadSummary(input.ReadBytes(), scalars); break;
                default: input.SkipLastField(); break;
            }
        }
        if (scalars.Count == 0) return;
        if (!steps.TryGetValue(step, out var row)) steps[step] = row = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (t, v) in scalars) row[t] = v;
    }

    private static void ReadSummary(ByteString summary, List<(string, double)> scalars)
    {
        var input = summary.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                if (ReadValue(input.ReadBytes()) is { } v) scalars.Add(v);
            }
            else input.SkipLastField();
        }
    }

    private static (string, double)? ReadValue(ByteString value)
    {
        var input = value.CreateCodedInput();
        string? name = null;
        double? number = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited: name = input.ReadString(); break;
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Fixed32: number = input.ReadFloat(); break;
                case 8 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited: number = ReadScalarTensor(input.ReadBytes()) ?? number; break;
                default: input.SkipLastField(); break;
            }
        }
        return name is not null && number is { } n ? (name, n) : null;
    }

    // DataType DT_FLOAT = 1, DT_DOUBLE = 2; a scalar is in float_val/double_val or in tensor_content.
    private static double? ReadScalarTensor(ByteString tensor)
    {
        var input = tensor.CreateCodedInput();
        var dtype = 0;
        double? v = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var wire = WireFormat.GetTagWireType(tag);
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when wire == WireFormat.WireType.Varint: dtype = input.ReadEnum(); break;
                case 4 when wire == WireFormat.WireType.LengthDelimited:
                    var bytes = input.ReadBytes().Span;
                    if (dtype == 1 && bytes.Length == 4) v = BitConverter.ToSingle(bytes);
                    else if (dtype == 2 && bytes.Length == 8) v = BitConverter.ToDouble(bytes);
                    break;
                case 5 when wire == WireFormat.WireType.Fixed32: v = input.ReadFloat(); break;
                case 5 when wire == WireFormat.WireType.LengthDelimited: v = PackedFirst(input.ReadBytes(), d: false); break;
                case 6 when wire == WireFormat.WireType.Fixed64: v = input.ReadDouble(); break;
                case 6 when wire == WireFormat.WireType.LengthDelimited: v = PackedFirst(input.ReadBytes(), d: true); break;
                default: input.SkipLastField(); break;
            }
        }
        return v;
    }

    private static double? PackedFirst(ByteString packed, bool d) =>
        packed.Length >= (d ? 8 : 4) ? (d ? BitConverter.ToDouble(packed.Span) : BitConverter.ToSingle(packed.Span)) : null;
}
