namespace ScalingLab.Laws;

/// <summary>The unit a compute law or rule reads C in inside its formula.</summary>
public enum ComputeUnit
{
    /// <summary>Training FLOPs.</summary>
    Flops,
    /// <summary>Petaflop/s-days, 8.64e19 FLOPs (Kaplan et al. 2020 state their frontier in them).</summary>
    PfDays,
    /// <summary>Total forward GMACs, GMACs per sample x samples seen (Cherti et al. 2023).</summary>
    Gmacs,
}
