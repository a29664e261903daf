namespace ScalingLab.Cli.Tests;

public class FitCommandTests
{
    private static string Fig4 => FitData.Fig4;

    // The JSON contract of issue 4 on the figure-4 refit (docs/scaling-laws.md Sec. 3 reference objective 1.0182740178e-3),
    // then the saved law drives `plan`, which shows bootstrap intervals around its own point estimate.
    [Fact]
    public void FitJsonContractAndSavedLawGivePlanIntervals()
    {
        var law = Path.Combine(Path.GetTempPath(), $"law-{Guid.NewGuid():N}.json");
        try
        {
            var r = CliRunner.Run("fit", Fig4, "--drop-top", "5", "--bootstrap", "200", "--seed", "1", "--backtest", "1", "--out", law, "--json");
            Assert.Equal(0, r.ExitCode);
            var a3 = r.Json["approach3"]!;
            Assert.True((double)a3["objective"]! <= 1.018275e-3);
            Assert.Equal(240, (int)a3["points"]!);
            Assert.Equal(0.3473, (double)a3["alpha"]!, 0.002);
            foreach (var k in new[] { "E", "A", "B", "beta" }) Assert.True((double)a3[k]! > 0);
            var alpha = a3["intervals"]!["alpha"]!.AsArray();
            Assert.True((double)alpha[0]! < 0.3473 && 0.3473 < (double)alpha[1]!);
            var a2 = r.Json["approach2"]!;
            Assert.InRange((double)a2["a"]!, 0.45, 0.55);   // Hoffmann Table 2, Approach 2: 0.49 (0.462, 0.534)
            Assert.Equal(2, a2["intervals"]!["b"]!.AsArray().Count);
            Assert.NotNull(r.Json["skipped"]!["approach1"]);
            // Issue 11's backtest keys: the default method's prediction at the top, every method's in methods[].
            var bt = r.Json["backtest"]!;
            var held = bt["budgets"]!.AsArray().Single()!;
            foreach (var k in new[] { "predictedOptimalParameters", "observedOptimalParameters", "predictedOptimalLoss", "observedMinimumLoss" })
                Assert.True((double)held[k]! > 0, k);
            Assert.Equal(2, held["optimalParametersInterval"]!.AsArray().Count);
            Assert.Equal(2, held["optimalLossInterval"]!.AsArray().Count);
            Assert.Equal(["approach2", "approach2Weighted", "approach3"], held["methods"]!.AsArray().Select(m => (string)m!["name"]!));
            Assert.Contains((string)bt["chosenMethod"]!, new[] { "approach2", "approach2Weighted", "approach3" });

            var plan = CliRunner.Run("plan", "--law", law, "--budget", "1e22", "--json");
            Assert.Equal(0, plan.ExitCode);
            var n = (double)plan.Json["parameters"]!;
            var iv = plan.Json["intervals"]!["parameters"]!.AsArray();
            Assert.InRange(n, (double)iv[0]!, (double)iv[1]!);
            Assert.Contains("bootstrap samples", CliRunner.Run("plan", "--law", law, "--budget", "1e22").Out);
        }
        finally { File.Delete(law); }
    }

    // Leave-one-budget-out: every budget with 4+ runs in turn, each with its heldOutFlops; a backtest that would leave
    // fewer than 3 budgets to fit is bad input naming --backtest.
    [Fact]
    public void LeaveOneOutAndTooFewBudgets()
    {
        var r = CliRunner.Run("fit", Fig4, "--drop-top", "5", "--approach", "2", "--backtest", "loo", "--json");
        Assert.Equal(0, r.ExitCode);
        var loo = r.Json["backtest"]!["loo"]!.AsArray();
        Assert.True(loo.Count >= 20);
        Assert.All(loo, b => Assert.Equal((double)b!["flops"]!, (double)b["heldOutFlops"]!));
        Assert.Equal(2, r.Json["backtest"]!["methods"]!.AsArray().Count);
        var few = CliRunner.Run("fit", Fig4, "--drop-top", "5", "--approach", "2", "--backtest", "25");
        Assert.Equal(2, few.ExitCode);
        Assert.Contains("error: --backtest: '25' is not valid; holding out 25 budget(s) leaves", few.Err);
        CliRunner.Run("fit", Fig4, "--backtest", "last").AssertBadInput("--backtest");
    }

    [Fact]
    public void BadRowsGiveLineNumbersAndExitTwo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"runs-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "params,tokens,loss\n1e8,2e9,3.1\n1e8,x,3.0\n2e8,4e9,-1\n");
        try
        {
            var r = CliRunner.Run("fit", path);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("line 3: tokens 'x' is not a number", r.Err);
            Assert.Contains("line 4: loss '-1' must be positive", r.Err);
            Assert.Single(r.Err.Trim().Split('\n'));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ApproachOneWithoutRunIdsIsBadInput()
    {
        var r = CliRunner.Run("fit", Fig4, "--approach", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("run id", r.Err);
        Assert.Equal(2, CliRunner.Run("fit", Fig4, "--approach", "4").ExitCode);
    }

    // Training curves as JSONL (run id, step, n, tokens, loss) drawn from besiroglu2024's law: Approach 1's
    // envelope exponent follows the law's a = beta/(alpha+beta) = 0.513 within 0.03 (discrete size grid).
    [Fact]
    public void ApproachOneFromJsonlTrainingCurves()
    {
        var law = ScalingLab.Laws.LawCatalog.Get("besiroglu2024");
        var path = Path.Combine(Path.GetTempPath(), $"curves-{Guid.NewGuid():N}.jsonl");
        var lines = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var n = 4e7 * Math.Pow(1000, i / 19.0);
            for (var step = 1; step <= 40; step++)
            {
                var d = n * 0.5 * Math.Pow(200, step / 40.0);
                var l = law.Loss(new(n), new(d));
                lines.Add(FormattableString.Invariant($"{{\"run\": \"r{i}\", \"step\": {step}, \"n\": {n:R}, \"tokens\": {d:R}, \"loss\": {l:R}}}"));
            }
        }
        File.WriteAllLines(path, lines);
        try
        {
            var r = CliRunner.Run("fit", path, "--approach", "1", "--json");
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(0.5126, (double)r.Json["approach1"]!["a"]!, 0.03);
            Assert.True(r.Json["approach1"]!["runsOnEnvelope"]!.AsArray().Count >= 8);
        }
        finally { File.Delete(path); }
    }

    // Six runs at one token count leave B and beta undetermined: the Hessian at the optimum is singular, its
    // condition number infinite. --json still answers: the number is null and a note says why (issue 9).
    [Fact]
    public void NonFiniteDiagnosticIsNullWithANote()
    {
        var path = Path.Combine(Path.GetTempPath(), $"runs-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, ["params,tokens,loss", .. new[] { 1e7, 3e7, 1e8, 3e8, 1e9, 3e9 }.Select(n =>
            FormattableString.Invariant($"{n},1e10,{1.8 + 400 / Math.Pow(n, 0.34) + 2000 / Math.Pow(1e10, 0.36):0.######}"))]);
        try
        {
            var r = CliRunner.Run("fit", path, "--approach", "3", "--json");
            Assert.Equal(0, r.ExitCode);
            var d = r.Json["approach3"]!["diagnostics"]!;
            Assert.Null(d["conditionNumber"]);
            Assert.Contains(d["notes"]!.AsArray(), n => ((string)n!).StartsWith("conditionNumber is null"));
            var table = CliRunner.Run("fit", path, "--approach", "3");
            Assert.Equal(0, table.ExitCode);
            Assert.Contains("Hessian condition not finite", table.Out);
        }
        finally { File.Delete(path); }
    }
}
