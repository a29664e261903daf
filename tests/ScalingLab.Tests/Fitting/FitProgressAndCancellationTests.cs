using ScalingLab.Fitting;
using ScalingLab.Progress;

namespace ScalingLab.Tests.Fitting;

/// <summary>The long loops of a fit report progress by stage and stop when asked (Ctrl-C in the CLI).</summary>
public class FitProgressAndCancellationTests
{
    private sealed class Recorder : IProgress<WorkProgress>
    {
        public readonly List<WorkProgress> Seen = [];
        public Action<WorkProgress>? Then;
        public void Report(WorkProgress value)
        {
            lock (Seen) Seen.Add(value);
            Then?.Invoke(value);
        }
    }

    private static readonly ParametricFitOptions SmallGrid = new(Grid: StartGrid.Parse("a=0:25:5,b=0:25:5,e=-1:1:1,alpha=0.5:0.5:1,beta=0.5:0.5:1"), Method: ParametricMethod.Grid);

    // Every start and every resample is counted once: the last report of each stage is total/total.
    [Fact]
    public void ApproachThreeAndBootstrapReportTheirStagesToTheEnd()
    {
        var points = RepoData.Fig4Dropped5.Points;
        var seen = new Recorder();
        var report = Fitter.Fit(RepoData.Fig4Dropped5, new FitRequest(Approaches.Parametric, SmallGrid, BootstrapResamples: 40), seen);
        var starts = seen.Seen.Where(p => p.Stage == ParametricFit.Stage).ToList();
        Assert.Equal(SmallGrid.StartGrid.Count, starts.Max(p => p.Done));
        Assert.All(starts, p => Assert.Equal(SmallGrid.StartGrid.Count, p.Total));
        var boot = seen.Seen.Where(p => p.Stage == Bootstrap.Stage).ToList();
        Assert.Equal(40, boot.Max(p => p.Done));
        Assert.Equal(40, report.Bootstrap!.Resamples);
        Assert.Equal(240, points.Count);
    }

    // Variable projection (the default search) counts its cells and its polishes, and ends at total/total.
    [Fact]
    public void VariableProjectionReportsToTheEnd()
    {
        var seen = new Recorder();
        ParametricFit.Fit(RepoData.Fig4Dropped5.Points, progress: seen);
        var last = seen.Seen.Last();
        Assert.Equal(ParametricFit.Stage, last.Stage);
        Assert.Equal(last.Total, last.Done);
        Assert.Equal(ExponentGrid.Default.Count + VariableProjectionFit.Candidates, last.Total);
    }

    [Fact]
    public void ACancelledTokenStopsTheStartsTheBootstrapAndTheFitter()
    {
        var points = RepoData.Fig4Dropped5.Points;
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ParametricFit.Fit(points, SmallGrid, cancel: stop.Token));
        var fit = ParametricFit.Fit(points, SmallGrid);
        Assert.ThrowsAny<OperationCanceledException>(() => Bootstrap.Run(points, fit, new BootstrapOptions(50, GridChecks: 0), cancel: stop.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Fitter.Fit(RepoData.Fig4Dropped5, new FitRequest(), cancel: stop.Token));
    }

    // A stop asked for in the middle (at the first progress report) ends the search before its last start.
    [Fact]
    public void AStopInTheMiddleEndsTheSearchEarly()
    {
        using var stop = new CancellationTokenSource();
        var seen = new Recorder();
        seen.Then = p => { if (p.Done >= 45) stop.Cancel(); };
        Assert.ThrowsAny<OperationCanceledException>(() => ParametricFit.Fit(RepoData.Fig4Dropped5.Points, new ParametricFitOptions(Method: ParametricMethod.Grid), progress: seen, cancel: stop.Token));
        Assert.True(seen.Seen.Max(p => p.Done) < 4500, $"ran to {seen.Seen.Max(p => p.Done)}");
    }
}
