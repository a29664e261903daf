using ScalingLab.Fitting;
using ScalingLab.Units;

namespace ScalingLab.Tests.Fitting;

public class RunTableReaderTests
{
    // The figure-4 file as published (docs/scaling-laws.md Sec. 3): 245 rows, tokens = FLOP / (6N).
    [Fact]
    public void Figure4_reads_as_is_with_derived_tokens()
    {
        var t = RunTableReader.Read(RepoData.Fig4Path);
        Assert.Equal(245, t.Points.Count);
        Assert.Contains(t.Notes, n => n.Contains("C/(6N)"));
        var first = t.Points[0];
        Assert.Equal(2, first.Line);
        Assert.Equal(6795600349.289497, first.Parameters.Value);
        Assert.Equal(9.993852799709755e18 / (6 * 6795600349.289497), first.Tokens.Value, 1e-6);
        Assert.Equal(240, t.DropHighestLoss(5).Points.Count);
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_line_number()
    {
        const string csv = "params,tokens,loss\n1e8,2e9,3.1\n1e8,abc,3.0\n\n2e8,4e9,NaN\n-5,1e9,2.9\n3e8,6e9\n";
        var e = Assert.Throws<InputException>(() => RunTableReader.Parse(csv, "runs.csv", RunTableReader.Format.Csv));
        Assert.Contains("line 7: 2 cells", e.Message);   // a short row is reported first, on its own
        var e2 = Assert.Throws<InputException>(() => RunTableReader.Parse(csv.Replace("3e8,6e9\n", "3e8,6e9,2.8\n"), "runs.csv", RunTableReader.Format.Csv));
        Assert.Contains("3 bad rows", e2.Message);
        Assert.Contains("line 3: tokens 'abc' is not a number", e2.Message);
        Assert.Contains("line 5: loss 'NaN' must be positive and finite", e2.Message);
        Assert.Contains("line 6: params '-5' must be positive and finite", e2.Message);
        Assert.DoesNotContain("\n", e2.Message);
    }

    [Fact]
    public void Tsv_and_jsonl_with_aliases_and_filter()
    {
        var tsv = RunTableReader.Parse("Model_Size\tD\tLoss\tdataset\n1e8\t2e9\t3.1\tc4\n2e8\t4e9\t2.9\tpile\n", "r.tsv", RunTableReader.Format.Tsv);
        Assert.Equal(2, tsv.Points.Count);
        Assert.Equal(6 * 1e8 * 2e9, tsv.Points[0].Flops.Value);
        Assert.Single(tsv.Where("DATASET", "pile").Points);
        Assert.Throws<InputException>(() => tsv.Where("nope", "x"));

        var jsonl = RunTableReader.Parse("{\"n\": 1e8, \"flops\": 1.2e18, \"loss\": 3.0, \"run\": \"a\", \"step\": 10}\n{\"n\": 1e8, \"flops\": 2.4e18, \"loss\": \"2.9\", \"run\": \"a\", \"step\": 20}\n",
            "r.jsonl", RunTableReader.Format.Jsonl);
        Assert.True(jsonl.HasRunIds);
        Assert.Equal(2e9, jsonl.Points[0].Tokens.Value, 1);
        Assert.Equal(20, jsonl.Points[1].Step);
        var bad = Assert.Throws<InputException>(() => RunTableReader.Parse("{\"n\": 1}\nnot json\n", "r.jsonl", RunTableReader.Format.Jsonl));
        Assert.Contains("line 2: not valid JSON", bad.Message);
    }

    [Fact]
    public void Missing_columns_name_what_is_expected()
    {
        var e = Assert.Throws<InputException>(() => RunTableReader.Parse("size,loss\n1,2\n", "r.csv", RunTableReader.Format.Csv));
        Assert.Contains("no parameters column", e.Message);
        var e2 = Assert.Throws<InputException>(() => RunTableReader.Parse("n,loss\n1,2\n", "r.csv", RunTableReader.Format.Csv));
        Assert.Contains("no tokens or compute column", e2.Message);
    }
}
