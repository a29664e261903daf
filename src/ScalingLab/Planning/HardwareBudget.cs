using ScalingLab.Hardware;
using ScalingLab.Units;

namespace ScalingLab.Planning;

/// <summary>
/// A budget in hardware terms: accelerators x a clock x MFU x dense peak, or money / price per
/// accelerator-hour x 3600 x MFU x dense peak.
/// </summary>
public static class HardwareBudget
{
    /// <summary>The FLOP budget given, or the hardware's; an error when both are.</summary>
    public static Flops? Combine(Flops? given, HardwareRequest? hw)
    {
        if (hw is null || Of(hw) is not { } flops) return given;
        if (given is { } g)
            throw new InputException("budget", g.ToString(),
                $"give either {ParameterRef.To("budget")} or a hardware budget ({ParameterRef.To("duration")} or {ParameterRef.To("money")}), not both");
        return flops;
    }

    /// <summary>The FLOPs a clock or money buys on the hardware; null when it has neither.</summary>
    public static Flops? Of(HardwareRequest hw)
    {
        if (hw.Duration is not null && hw.Money is { } m)
            throw new InputException("money", m.ToString(), $"give either a duration ({ParameterRef.To("duration")}) or {ParameterRef.To("money")}, not both");
        if (hw.Duration is { } duration)
        {
            if (hw.Count is not { } n)
                throw new InputException("accelerators", hw.Accelerator.Name, $"a duration needs a count of accelerators, such as {ParameterRef.To("accelerators")} 256xH100");
            return InRange(new Flops(n * hw.AchievedFlopsPerAcceleratorSecond * duration.Value), "duration", duration.ToString(), hw);
        }
        if (hw.Money is { } money)
        {
            if (hw.Price is not { } p)
                throw new InputException("money", money.ToString(),
                    $"a money budget needs a price: {ParameterRef.To("instance")} p5.48xlarge or {ParameterRef.To("pricePerAcceleratorHour")} 4.5");
            return InRange(new Flops(money.Value / p.PerAcceleratorHour.Value * 3600 * hw.AchievedFlopsPerAcceleratorSecond), "money", QuantityFormat.Scientific(money.Value, 15), hw);
        }
        return null;
    }

    // The budget the hardware buys must be one plans answer for; the input that set it is blamed.
    private static Flops InRange(Flops c, string parameter, string value, HardwareRequest hw) =>
        c.Value is >= UsableRange.MinFlops and <= UsableRange.MaxFlops ? c
            : throw new InputException(parameter, value, $"on {Describe(hw)} it buys {QuantityFormat.Scientific(c.Value)} FLOPs; {UsableRange.Description}");

    /// <summary>"256 x H100 for 30 d at 40% MFU of the dense bf16 peak", or null when the budget did not come from hardware.</summary>
    public static string? Describe(HardwareRequest hw)
    {
        var mfu = $"at {hw.Mfu.Value:0.##%} MFU of the dense {hw.Precision.Key()} peak";
        if (hw.Duration is { } t && hw.Count is { } n) return $"{n} x {hw.Accelerator.Name} for {t} {mfu}";
        if (hw.Money is { } m && hw.Price is { } p) return $"{m} at ${p.PerAcceleratorHour.Value:0.###} per accelerator-hour = {m.Value / p.PerAcceleratorHour.Value:N0} accelerator-hours {mfu}";
        return null;
    }
}
