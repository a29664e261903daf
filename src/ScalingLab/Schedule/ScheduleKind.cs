using ScalingLab.Units;

namespace ScalingLab.Schedule;

/// <summary>
/// The learning-rate shape after warm-up: a cosine over exactly the planned steps (Hoffmann et al.
/// 2022) or DeepSeek's multi-step warmup-stable-decay schedule.
/// </summary>
public enum ScheduleKind { Cosine, [System.Text.Json.Serialization.JsonStringEnumMemberName("multistep")] MultiStep }

public static class ScheduleKinds
{
    public static string Name(this ScheduleKind k) => k switch
    {
        ScheduleKind.Cosine => "cosine",
        ScheduleKind.MultiStep => "multistep",
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    /// <summary>"cosine", or "multistep" (alias "wsd").</summary>
    public static ScheduleKind Parse(string text, string field = "schedule") => text.ToLowerInvariant() switch
    {
        "cosine" => ScheduleKind.Cosine,
        "multistep" or "multi-step" or "wsd" => ScheduleKind.MultiStep,
        _ => throw new InputException(field, text, "expected cosine or multistep (alias wsd)"),
    };
}
