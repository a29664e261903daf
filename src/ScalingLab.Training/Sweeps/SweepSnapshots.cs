using ScalingLab.Fitting;
using ScalingLab.Sweeps;
using ScalingLab.Training.Runs;
using ScalingLab.Units;

namespace ScalingLab.Training.Sweeps;

/// <summary>
/// Reads a sweep as it stands from its folder and store, for its report: every run's state (as
/// `sweep status` shows it), the training curves of the sweep's own runs, and each completed
/// verification run (runs/verify-*, trained by `sweep verify` into the same store) checked against
/// the analysis' prediction at its own size and tokens.
/// </summary>
public static class SweepSnapshots
{
    /// <summary>The folder-name prefix of the runs `sweep verify` trains.</summary>
    public const string VerifyPrefix = "verify-";

    public static SweepSnapshot Read(SweepSpec spec, string folder, SweepAnalysisResult analysis)
    {
        using var ledger = SweepLedger.Open(spec, folder);
        var runs = spec.Runs.Select(r => ledger.Status(r, LocalExecutor.IsLive(folder, r.Id) || SlurmExecutor.IsLive(ledger, r.Id))).ToList();
        var ids = spec.Runs.Select(r => r.Id).ToHashSet();
        RunTable? curves = null;
        if (runs.Any(r => r.StoreRunId is not null))
        {
            try { curves = StoreRunTable.Read(ledger.StorePath, RunPoints.Curves, "SPEC").Without(p => !ids.Contains(p.RunId!), "kept the sweep's own runs"); }
            catch (InputException) { curves = null; } // no run has logged a step yet
        }
        var verifications = StoreRunTable.Read(ledger.StorePath, RunPoints.Final, "SPEC").Points
            .Where(p => p.RunId!.StartsWith(VerifyPrefix, StringComparison.Ordinal) && !ids.Contains(p.RunId))
            .Select(p => SweepVerification.Of(analysis, p.RunId!, p.Parameters.Value, p.Tokens.Value, p.Loss.Value))
            .OrderBy(v => v.Flops).ToList();
        return new SweepSnapshot(spec, folder, runs, curves is { Points.Count: > 0 } ? curves : null, analysis, verifications);
    }
}
