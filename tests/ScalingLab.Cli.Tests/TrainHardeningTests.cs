using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ScalingLab.Cli.Tests;

/// <summary>
/// Hardening of `data prepare` and `train` (issue 13): datasets that are not datasets (class 4),
/// outputs that would destroy data (class 3), runs asked again (the requeue rule) and messages that
/// name the right flag (class 7). Every failure is one `error:` line, exit 2.
/// </summary>
[Collection(TrainingRuns.Name)]
public class TrainHardeningTests(BrownDataFixture fx) : IClassFixture<BrownDataFixture>
{
    private string Folder(string name) => Path.Combine(fx.Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>A copy of the fixture's dataset that a test may damage.</summary>
    private string CopyOfData()
    {
        var to = Folder("data");
        Directory.CreateDirectory(to);
        foreach (var f in Directory.EnumerateFiles(fx.Data)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        return to;
    }

    // 1 layer of width 64 on context 16, 32 steps of 4 sequences: a fraction of a second.
    private static string[] Tiny(string data, string run, params string[] extra) =>
    [
        "train", "--data", data, "--layers", "1", "--d-model", "64", "--tokens", "2048", "--context", "16", "--batch", "4", "--lr", "1e-3",
        "--eval-every", "1000", "--checkpoint-every", "1000", "--threads", "1", "--peak-flops", "1e11", "--out", run, "--json", .. extra,
    ];

    public static TheoryData<string, string> Damages => new()
    {
        { "missing-val", "--data: '{data}' is not valid; val.bin is missing" },
        { "missing-train", "train.bin is missing" },
        { "torn-json", "dataset.json is damaged (" },
        { "truncated-train", "train.bin has 1,024 bytes where" },
        { "flipped-val", "val.bin does not match the SHA-256 recorded when it was written" },
        { "no-checksums", "records no sizes or checksums of train.bin and val.bin" },
        { "empty-split", "--context: '16' is not valid; expected a context shorter than the validation split (0 tokens)" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_dataset_is_one_line_exit_2_before_any_training(string damage, string message)
    {
        var data = CopyOfData();
        var json = Path.Combine(data, "dataset.json");
        var meta = JsonNode.Parse(File.ReadAllText(json))!;
        switch (damage)
        {
            case "missing-val": File.Delete(Path.Combine(data, "val.bin")); break;
            case "missing-train": File.Delete(Path.Combine(data, "train.bin")); break;
            case "torn-json": File.WriteAllText(json, File.ReadAllText(json)[..200]); break;
            case "truncated-train":
                using (var f = File.OpenWrite(Path.Combine(data, "train.bin"))) f.SetLength(1024);
                break;
            case "flipped-val":
                var bytes = File.ReadAllBytes(Path.Combine(data, "val.bin"));
                bytes[bytes.Length / 2] ^= 0x20;
                File.WriteAllBytes(Path.Combine(data, "val.bin"), bytes);
                break;
            case "no-checksums":
                meta.AsObject().Remove("files");
                File.WriteAllText(json, meta.ToJsonString());
                break;
            case "empty-split":
                // A consistent dataset whose validation split holds nothing: sizes and checksums agree.
                File.WriteAllBytes(Path.Combine(data, "val.bin"), []);
                meta["valTokens"] = 0;
                meta["valBytes"] = 0;
                meta["files"]!["val"] = new JsonObject { ["bytes"] = 0, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Array.Empty<byte>())) };
                File.WriteAllText(json, meta.ToJsonString());
                break;
        }
        var run = Folder("run");
        var r = CliRunner.Run(Tiny(data, run));
        r.AssertBadInput(message.Replace("{data}", data));
        Assert.False(Directory.Exists(run)); // nothing written for a run that cannot start
    }

    [Fact]
    public void An_odd_sized_16_bit_token_file_is_refused()
    {
        var data = Folder("gpt2");
        var prep = CliRunner.Run("data", "prepare", Path.Combine(Path.GetDirectoryName(fx.Data)!, "texts"), "--format", "brown", "--tokenizer", "gpt2", "--out", data, "--json");
        Assert.Equal(0, prep.ExitCode);
        using (var f = new FileStream(Path.Combine(data, "train.bin"), FileMode.Append)) f.WriteByte(7);
        var r = CliRunner.Run("train", "--data", data, "--layers", "1", "--d-model", "64", "--tokens", "2048", "--context", "16", "--out", Folder("odd"));
        r.AssertBadInput("train.bin has");
        Assert.Contains("bytes where", r.Err);
    }

    [Fact]
    public void A_run_continues_only_on_the_data_it_started_on()
    {
        var data = CopyOfData();
        var run = Folder("changed");
        Assert.Equal(0, CliRunner.Run(Tiny(data, run, "--dry-run")).ExitCode);
        // The folder prepared again from other texts (--force): a consistent dataset.json, other tokens.
        var others = Folder("other-texts");
        Directory.CreateDirectory(others);
        foreach (var name in new[] { "ca09", "ca10", "ca11", "ca12" })
            File.Copy(Repo.Path("data", "brown-sample", name), Path.Combine(others, name));
        Assert.Equal(0, CliRunner.Run("data", "prepare", others, "--format", "brown", "--out", data, "--force", "--json").ExitCode);
        var again = CliRunner.Run(Tiny(data, run));
        again.AssertBadInput("--data: '" + data + "' is not valid; its token files changed since this run started (train.bin is");
        Assert.False(File.Exists(Path.Combine(run, "metrics.jsonl")));
    }

    [Fact]
    public void The_same_command_again_continues_its_run_and_a_changed_option_is_named()
    {
        var run = Folder("requeue");
        var first = CliRunner.Run(Tiny(fx.Data, run, "--dry-run"));
        Assert.Equal(0, first.ExitCode);
        var runId = (string)first.Json["run"]!["runId"]!;
        // A changed option is named, with what the run was started with.
        CliRunner.Run([.. Tiny(fx.Data, run).Select(a => a == "1e-3" ? "5e-3" : a)]).AssertBadInput($"--lr: '0.005' is not valid; the run in {run} was started with 0.001");
        CliRunner.Run([.. Tiny(fx.Data, run).Where(a => a != "--batch" && a != "4"), "--seed", "2"])
            .AssertBadInput($"--batch: '(not given)' is not valid; the run in {run} was started with 4");
        CliRunner.Run("train", "--resume", "--out", run, "--context", "32").AssertBadInput($"--context: '32' is not valid; the run in {run} was started with 16");
        CliRunner.Run([.. Tiny(fx.Data, run), "--store", Path.Combine(fx.Root, "elsewhere.db")]).AssertBadInput("--store");
        // The same command (a requeued job) trains the recorded run, and so does --resume.
        var second = CliRunner.Run(Tiny(fx.Data, run));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("completed", (string)second.Json["status"]!);
        Assert.Equal(runId, (string)JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!["runId"]!);
        var third = CliRunner.Run("train", "--resume", "--out", run, "--json");
        Assert.Equal(0, third.ExitCode);
        Assert.Equal((double)second.Json["finalValLoss"]!, (double)third.Json["finalValLoss"]!);
    }

    [Fact]
    public void Data_prepare_refuses_to_replace_a_dataset_without_force_and_never_an_input()
    {
        var texts = Path.Combine(Path.GetDirectoryName(fx.Data)!, "texts");
        var before = File.ReadAllBytes(Path.Combine(fx.Data, "train.bin"));
        CliRunner.Run("data", "prepare", texts, "--format", "brown", "--out", fx.Data).AssertBadInput("--out: '" + fx.Data + "' is not valid; holds a prepared dataset already; give --force");
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(fx.Data, "train.bin")));
        CliRunner.Run("data", "prepare", texts, "--format", "brown", "--out", texts, "--force").AssertBadInput("apart from the inputs");
        var notText = Folder("binary");
        Directory.CreateDirectory(notText);
        File.WriteAllBytes(Path.Combine(notText, "blob.bin"), [0xff, 0xfe, 0x00, 0x81, 0x90, 0x10]);
        var output = Folder("no-dataset");
        CliRunner.Run("data", "prepare", notText, "--out", output).AssertBadInput("INPUTS: '" + Path.Combine(notText, "blob.bin"));
        Assert.False(Directory.Exists(output));
    }
}
