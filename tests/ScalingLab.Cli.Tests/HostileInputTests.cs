using ScalingLab.Training.Files;
using ScalingLab.Units;

namespace ScalingLab.Cli.Tests;

/// <summary>
/// Issue 13's classes, one test each over every verb and flag of the class (bench/hostile holds the
/// whole catalogue): outputs checked before any work, numbers within the range plans answer for and
/// blamed on the flag that carried them, files that are not what they claim, options typed wrong,
/// stdout that cannot be written, one process per run folder, and signals that stop every verb.
/// Every refusal is the house rule: exit 2, one "error:" line naming the flag, nothing written.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sl-hostile-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private string Text(string name, int lines = 400)
    {
        File.WriteAllLines(P(name), Enumerable.Range(0, lines).Select(i => $"line {i} of some plain English text for a tiny dataset."));
        return P(name);
    }

    private string[] Entries() => Directory.EnumerateFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order().ToArray();

    /// <summary>Every output flag of every verb: '', a place where nothing can be created, a file where a folder goes, a folder where a file goes, a missing folder.</summary>
    [Theory]
    [InlineData("--out", "data prepare {in} --out ''")]
    [InlineData("--out", "data prepare {in} --out /proc/hostile/ds")]
    [InlineData("--out", "data prepare {in} --out {notes}")]
    [InlineData("--out", "fit {fig4} --approach 3 --out ''")]
    [InlineData("--out", "fit {fig4} --approach 3 --out /proc/hostile/law.json")]
    [InlineData("--out", "fit {fig4} --approach 3 --out {dir}")]
    [InlineData("--plot", "fit {fig4} --approach 3 --plot {dir}/nope/fit.png")]
    [InlineData("--out", "train --data {ds} --params 100k --tokens 20k --context 32 --out {notes}")]
    [InlineData("--out", "train --data {ds} --params 100k --tokens 20k --context 32 --out ''")]
    [InlineData("--store", "train --data {ds} --params 100k --tokens 20k --context 32 --out {dir}/run --store {notes}")]
    [InlineData("--store", "train --data {ds} --params 100k --tokens 20k --context 32 --out {dir}/run --store {dir}")]
    [InlineData("--store", "train --data {ds} --params 100k --tokens 20k --context 32 --out {dir}/run --store /proc/hostile/x.db")]
    [InlineData("--out", "sweep design --data {ds} --target-budget 1e13 --sweep-budget 3.5e11 --context 32 --out /proc/hostile/sw")]
    public void Outputs_are_checked_before_any_work_and_nothing_is_written(string flag, string command)
    {
        var input = Text("in.txt");
        File.WriteAllText(P("notes.txt"), "keep me");
        Directory.CreateDirectory(P("dir"));
        var ds = command.Contains("{ds}") ? Dataset() : "";
        var before = Entries();
        var args = Args(command.Replace("{in}", input).Replace("{notes}", P("notes.txt")).Replace("{dir}", P("dir"))
            .Replace("{fig4}", FitData.Fig4).Replace("{ds}", ds));
        CliRunner.Run(args).AssertBadInput(flag);
        Assert.Equal(before, Entries());
        Assert.Equal("keep me", File.ReadAllText(P("notes.txt")));
    }

    /// <summary>Numbers that parse but lie outside what plans answer for: refused by the flag that carried them, never printed as 1e300 or Infinity.</summary>
    [Theory]
    [InlineData("--dollars", "plan --instance p5.48xlarge --dollars 1e300 --json")]
    [InlineData("--dollars", "plan --instance p5.48xlarge --dollars 1e-300 --json")]
    [InlineData("--mfu", "plan --gpus 8xH100 --days 1 --mfu 1e-300 --json")]
    [InlineData("--price-per-gpu-hour", "plan --budget 1e22 --gpus 8xH100 --price-per-gpu-hour 1e300 --json")]
    [InlineData("--unique-tokens", "plan --budget 1e22 --unique-tokens 1e300 --json")]
    [InlineData("--unique-tokens", "predict --params 7B --tokens 1T --unique-tokens 1e-300 --json")]
    [InlineData("--inference-tokens", "plan --target-loss 2.1 --inference-tokens 1e-300 --json")]
    [InlineData("--aspect-ratio", "plan --budget 1e22 --aspect-ratio 1e-300 --json")]
    [InlineData("--params", "model --params 1e300 --json")]
    [InlineData("--params", "memory --params 1e-300 --json")]
    [InlineData("--gmacs", "plan --modality vision --gmacs 1e300 --json")]
    [InlineData("--target-error", "plan --modality vision --target-error 1e-300 --json")]
    [InlineData("--target-error", "plan --modality vision --target-error 1.5 --json")]
    [InlineData("--budget", "fit {fig4} --approach 3 --budget 1e300")]
    [InlineData("--budget-tolerance", "fit {fig4} --approach 2 --budget-tolerance 1e-300")]
    [InlineData("--tokens", "train --data {dir} --params 100k --tokens 1e300")]
    [InlineData("--seed", "train --data {dir} --params 100k --tokens 20k --seed 1e300")]
    [InlineData("--gpus", "plan --gpus -8xH100 --days 1")]
    [InlineData("--heads", "model --layers 2 --d-model 64 --heads 7")]
    [InlineData("--target-budget", "sweep design --data {dir} --target-budget 1e300 --sweep-budget 3.5e11 --out {dir}/sw")]
    public void Numbers_outside_the_usable_range_blame_their_flag(string flag, string command)
    {
        var r = CliRunner.Run(Args(command.Replace("{fig4}", FitData.Fig4).Replace("{dir}", _dir)));
        r.AssertBadInput(flag);
        Assert.DoesNotContain("Infinity", r.Err);
        Assert.DoesNotContain("System.", r.Err);
    }

    /// <summary>Files that are not what they claim: hardware files, law files, run tables and the configs beside other tools' logs.</summary>
    [Theory]
    [InlineData("--hardware-file", "hw-dup")]
    [InlineData("--hardware-file", "hw-1e300")]
    [InlineData("--law", "law-range")]
    [InlineData("FILE", "table-synonyms")]
    [InlineData("FILE", "table-1e300")]
    [InlineData("FILE", "table-long-line")]
    [InlineData("FILE", "table-wide")]
    [InlineData("--grid", "grid-nan")]
    [InlineData("FILE", "hf-config-garbage")]
    [InlineData("FILE", "saturating-rising")]
    [InlineData("--plan", "plan-1e300")]
    [InlineData("--job-name", "slurm-newline")]
    public void Files_and_values_that_are_not_what_they_claim_are_refused_in_one_line(string flag, string kind)
    {
        var rows = File.ReadAllLines(FitData.Fig4).Skip(1).Select(l => l.Split(',')).Select(c => (n: c[3], c: c[4], l: c[6])).ToList();
        string Table(string header, Func<int, (string n, string c, string l), string> row) =>
            Write(kind + ".csv", header + "\n" + string.Join("\n", rows.Select((r, i) => row(i, r))) + "\n");
        string[] args = kind switch
        {
            "hw-dup" => ["hardware", "--hardware-file", Write("hw.json", Accelerators(Hardware("MYGPU", "989"), Hardware("mygpu", "900")))],
            "hw-1e300" => ["plan", "--gpus", "8xMYGPU", "--days", "1", "--hardware-file", Write("hw.json", Accelerators(Hardware("MYGPU", "1e300")))],
            "law-range" => ["plan", "--budget", "1e22", "--law", Write("law.json", """
                {"name":"x","family":"chinchilla","constants":{"E":1.69,"A":406.4,"B":410.7,"alpha":0.34,"beta":0.28},
                 "source":{"paper":"t","year":2024},"fitRange":{"minParameters":1e9,"maxParameters":1e6}}
                """)],
            "table-synonyms" => ["fit", Table("params,Model Size,flops,loss", (_, r) => $"{r.n},{r.n},{r.c},{r.l}")],
            "table-1e300" => ["fit", Table("params,flops,loss", (i, r) => $"{(i == 3 ? "1e300" : r.n)},{r.c},{r.l}")],
            "table-long-line" => ["fit", Write("line.csv", new string('a', 17_000_000))],
            "table-wide" => ["fit", Write("wide.csv", string.Join(",", Enumerable.Range(0, 5000).Select(i => "c" + i)) + "\n")],
            "grid-nan" => ["fit", FitData.Fig4, "--approach", "3", "--grid", "a=NaN:1:1"],
            "hf-config-garbage" => ["fit", HfRun("r1", "{\"num_hidden_layers\": 2")],
            "saturating-rising" => ["fit", Write("clip.csv", "gmacs,error\n" + string.Join("\n", Enumerable.Range(0, 8).Select(i => $"{Math.Pow(10, 9 + i)},{0.3 + 0.05 * i}")) + "\n"), "--form", "saturating"],
            "plan-1e300" => ["export", "slurm", "--plan", PlanWith(1e300)],
            "slurm-newline" => ["export", "slurm", "--plan", PlanWith(null), "--job-name", "x\n#SBATCH --injected"],
            _ => throw new ArgumentException(kind),
        };
        var r = CliRunner.Run(args);
        r.AssertBadInput(flag);
        Assert.True(r.Err.Length < 2000, $"a {r.Err.Length}-character error line");
    }

    /// <summary>An option typed wrong after a file argument is an unknown option with the nearest real one, not a missing file.</summary>
    [Theory]
    [InlineData("--tokenizer", "data", "prepare", "{in}", "--out", "{dir}/ds", "--tokeniser", "gpt2")]
    [InlineData("--bootstrap", "fit", "{fig4}", "--boostrap", "10")]
    public void An_option_taken_for_a_file_is_an_unknown_option_with_a_suggestion(string suggestion, params string[] command)
    {
        var input = Text("in.txt");
        var r = CliRunner.Run(command.Select(a => a.Replace("{in}", input).Replace("{dir}", _dir).Replace("{fig4}", FitData.Fig4)).ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown option", r.Err);
        Assert.Contains("did you mean " + suggestion, r.Err);
        Assert.False(Directory.Exists(P("ds")));
    }

    /// <summary>Output that cannot be written (a full disk) ends in one error line, not an internal error.</summary>
    [SkippableTheory]
    [InlineData("laws --json")]
    [InlineData("plan --budget 1e22 --json")]
    public void A_stdout_that_cannot_be_written_is_one_error_line(string command)
    {
        Skip.IfNot(File.Exists("/dev/full"), "needs /dev/full");
        var dll = Path.Combine(AppContext.BaseDirectory, "scalinglab.dll");
        var psi = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"exec dotnet '{dll}' {command} > /dev/full");
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "scalinglab did not exit");
        var r = new CliRunner.Result(p.ExitCode, "", err.Result);
        Assert.NotEqual(0, r.ExitCode);
        var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: could not write the output to standard output", line);
    }

    /// <summary>A run folder holds one training at a time: a second lock on it is refused (a second train, or --resume while it trains).</summary>
    [Fact]
    public void A_run_folder_is_locked_while_it_trains()
    {
        var run = P("run");
        using (RunLock.Acquire(run, "output"))
        {
            var e = Assert.Throws<InputException>(() => RunLock.Acquire(run, "output"));
            Assert.Equal("output", e.Parameter);
        }
        using (RunLock.Acquire(run, "output")) { }
        Assert.False(File.Exists(Path.Combine(run, RunLock.FileName)));
    }

    /// <summary>Signals stop every verb promptly: data prepare and a million-resample bootstrap end with 130 and nothing written.</summary>
    [Theory]
    [InlineData("data")]
    [InlineData("fit")]
    public void A_signal_stops_long_verbs_with_130_and_nothing_written(string verb)
    {
        string[] args = verb == "data"
            ? ["data", "prepare", Text("big.txt", 2_000_000), "--tokenizer", "gpt2", "--out", P("ds")]
            : ["fit", FitData.Fig4, "--bootstrap", "1000000", "--out", P("law.json")];
        using var p = CliProcess.Start(args);
        Thread.Sleep(TimeSpan.FromSeconds(3));
        Assert.False(p.HasExited, "the work ended before the signal; make it longer");
        var sent = DateTime.UtcNow;
        p.Signal(CliProcess.SigTerm);
        var r = p.Wait(TimeSpan.FromSeconds(30));
        Assert.Equal(130, r.ExitCode);
        Assert.True(DateTime.UtcNow - sent < TimeSpan.FromSeconds(15), "stopped too slowly");
        Assert.Contains("interrupted by SIGTERM", r.Err);
        Assert.False(Directory.Exists(P("ds")));
        Assert.False(File.Exists(P("law.json")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_dir), e => Path.GetFileName(e).StartsWith('.'));
    }

    private string Write(string name, string text)
    {
        File.WriteAllText(P(name), text);
        return P(name);
    }

    private static string Accelerators(params string[] entries) => "{\"accelerators\":[" + string.Join(",", entries) + "]}";

    private static string Hardware(string name, string bf16) =>
        "{\"name\":\"" + name + "\",\"vendor\":\"x\",\"peakTflops\":{\"bf16\":" + bf16 + "},\"memoryGB\":80,\"source\":{\"title\":\"t\",\"date\":\"2024\"}}";

    private string HfRun(string name, string config)
    {
        var folder = Directory.CreateDirectory(P(name)).FullName;
        File.WriteAllText(Path.Combine(folder, "trainer_state.json"), """{"log_history":[{"step":1,"loss":3.0},{"step":2,"loss":2.5}]}""");
        File.WriteAllText(Path.Combine(folder, "config.json"), config);
        return Path.Combine(folder, "trainer_state.json");
    }

    private string PlanWith(double? parameters)
    {
        var plan = CliRunner.Run("plan", "--gpus", "64xH100", "--days", "10", "--instance", "p5.48xlarge", "--json").Json;
        if (parameters is { } n) plan["parameters"] = n;
        return Write("plan.json", plan.ToJsonString());
    }

    private string Dataset()
    {
        var ds = P("ds");
        CliRunner.Run("data", "prepare", Text("data.txt", 2000), "--out", ds, "--json");
        return ds;
    }

    // Commands are written as one line; '' is the empty argument.
    private static string[] Args(string command) => command.Split(' ').Select(a => a == "''" ? "" : a).ToArray();
}
