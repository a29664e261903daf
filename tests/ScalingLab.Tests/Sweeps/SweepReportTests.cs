using System.Text.Json;
using System.Text.Json.Nodes;
using ScalingLab.Allocation;
using ScalingLab.Serialization;
using ScalingLab.Sweeps;

namespace ScalingLab.Tests.Sweeps;

/// <summary>The JSON contract of issue 10, written by the records `sweep status`, `analyze` and `verify` print.</summary>
public class SweepReportTests
{
    private static JsonNode Json<T>(T value) => JsonNode.Parse(JsonSerializer.Serialize(value, ScalingLabJson.Options))!;

    [Fact]
    public void Status_has_each_runs_id_state_and_final_loss_only_when_completed()
    {
        var j = Json(SweepStatusReport.From(
        [
            new SweepRunStatus("b1-s1", SweepRunState.Completed, 1.9087, 1.9001, 887, 23_008, 2_753_600, 1),
            new SweepRunStatus("b1-s2", SweepRunState.Interrupted, 2.5, null, 12, Attempts: 1, Message: "stopped by SIGTERM"),
            new SweepRunStatus("b1-s3", SweepRunState.Pending),
        ], stopped: true));
        var runs = j["runs"]!.AsArray();
        Assert.Equal(["completed", "interrupted", "pending"], runs.Select(r => (string)r!["state"]!));
        Assert.Equal(1.9087, (double)runs[0]!["finalValLoss"]!);
        Assert.Null(runs[0]!["message"]);
        Assert.Null(runs[1]!["finalValLoss"]); // a loss before the end is not a final loss
        Assert.Equal("stopped by SIGTERM", (string)runs[1]!["message"]!);
        Assert.Equal(1, (int)j["counts"]!["completed"]!);
        Assert.Equal(0, (int)j["counts"]!["failed"]!);
        Assert.True((bool)j["stopped"]!);
    }

    [Fact]
    public void Analyze_prediction_has_values_and_intervals_as_low_high_pairs()
    {
        var p = new ApproachPrediction("approach3", "parametric", 3.1e5, 1.1e7, 1.62,
            new Interval(2e5, 5e5), new Interval(7e6, 1.6e7), new Interval(1.58, 1.66), 200);
        var j = Json(p);
        foreach (var (key, value, low, high) in new[] { ("parameters", 3.1e5, 2e5, 5e5), ("tokens", 1.1e7, 7e6, 1.6e7), ("loss", 1.62, 1.58, 1.66) })
        {
            Assert.Equal(value, (double)j[key]!);
            Assert.Equal([low, high], j[key + "Interval"]!.AsArray().Select(x => (double)x!));
        }
        Assert.Null(j["skipped"]);
    }

    [Fact]
    public void Verify_has_predicted_and_measured_loss_and_the_interval()
    {
        var check = new SweepVerification("verify-3e12", 6 * 2.1e5 * 2.4e6, 2.1e5, 2.4e6, 1.70, new Interval(1.66, 1.75), 1.73);
        var j = Json(SweepVerifyReport.From(check, 3e12, 2.3e5, 610, 1e12));
        Assert.Equal(1.70, (double)j["predictedLoss"]!);
        Assert.Equal(1.73, (double)j["measuredLoss"]!);
        Assert.Equal([1.66, 1.75], j["lossInterval"]!.AsArray().Select(x => (double)x!));
        Assert.True((bool)j["inside"]!);
        Assert.Equal((1.73 - 1.70) / 1.73, (double)j["relativeError"]!, 12);
        Assert.Equal(3, (double)j["ratio"]!, 12);
        // Without bootstrap samples there is no interval, and the key is left out rather than faked.
        var bare = check with { LossInterval = new Interval(double.NaN, double.NaN) };
        var k = Json(SweepVerifyReport.From(bare, 3e12, 2.3e5, 610, 1e12));
        Assert.Null(k["lossInterval"]);
        Assert.False((bool)k["inside"]!);
    }
}
