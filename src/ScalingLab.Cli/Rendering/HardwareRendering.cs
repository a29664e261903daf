using ScalingLab.Hardware;
using ScalingLab.Planning;
using ScalingLab.Reports.Tables;

namespace ScalingLab.Cli.Rendering;

/// <summary>The hardware part of a plan on the terminal (<see cref="HardwareTables"/>), and memory sizes as `memory` prints them.</summary>
public static class HardwareRendering
{
    public static void Render(CliContext ctx, HardwareEstimate hw, Plan? largestFittingPlan) =>
        Tables.Write(ctx, HardwareTables.Plan(hw, largestFittingPlan));

    public static string Gb(double bytes) => HardwareTables.Gb(bytes);
}
