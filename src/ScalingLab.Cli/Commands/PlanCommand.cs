using System.CommandLine;
using ScalingLab.Cli.Rendering;
using ScalingLab.Planning;
using ScalingLab.Reports;

namespace ScalingLab.Cli.Commands;

/// <summary>`scalinglab plan`: how big, how many tokens, what loss; and on what hardware, for how long, at what cost.</summary>
public static class PlanCommand
{
    public static Command Create(CliContext ctx)
    {
        var o = new PlanOptions();
        var cmd = new Command("plan", """
            Solve for the model size, training tokens and loss. Give one of:
              --budget C         compute-optimal N and D for C FLOPs
              --params N         compute-optimal tokens for a model of N parameters
              --tokens D         compute-optimal size for D tokens
              --target-loss L    the cheapest (N, D) reaching loss L (add --params to fix N)
            or two of --budget/--params/--tokens to pin the point.
            Hardware: --gpus 256xH100 with --days/--hours (or --dollars and a price) is a budget;
            with any question it adds time, accelerator-hours, cost, energy, MFU sensitivity and
            a parallel layout that fits (or the largest model that does).
            Examples:
              scalinglab plan --budget 5.76e23
              scalinglab plan --params 7B --law hoffmann2022
              scalinglab plan --target-loss 2.1 --json
              scalinglab plan --gpus 256xH100 --days 30 --instance p5.48xlarge
              scalinglab plan --dollars 1M --instance p4de.24xlarge --gpus 64 --mfu 0.35
              scalinglab plan --budget 1e23 --gpus 64xA100-80GB --price-per-gpu-hour 2.5
            Beyond compute-optimal:
              scalinglab plan --budget 1e23 --unique-tokens 100B --law muennighoff2023   (repeat epochs)
              scalinglab plan --target-loss 1.93075 --inference-tokens 1e13 --law hoffmann2022
              scalinglab plan --law llama3-2024 --budget 3.8e25      (an allocation rule: N and D, no loss)
              scalinglab plan --modality vision --vit L/14 --gmacs 3e12 --dataset-images 2B
            A report to read, print or attach: scalinglab plan --gpus 256xH100 --days 30 --report plan.html
            """);
        o.AddTo(cmd);
        var report = ReportOutput.Create("the plan");
        cmd.Add(report);
        cmd.SetAction(p =>
        {
            var reportPath = ReportOutput.Target(p, report);
            var result = Planner.Plan(o.Request(p));
            if (p.GetValue(o.Json)) JsonOutput.Write(ctx, result);
            else PlanRendering.Render(ctx, result);
            if (reportPath is not null) ReportOutput.Write(ctx, p, reportPath, origin => PlanReport.Build(result, origin), p.GetValue(o.Json));
            return 0;
        });
        return cmd;
    }
}
