using ScalingLab.Compute;
using ScalingLab.Laws;
using ScalingLab.Planning;
using ScalingLab.Reports.Tables;
using ScalingLab.Vision;
using Spectre.Console;

namespace ScalingLab.Cli.Rendering;

/// <summary>The tables of a plan (language or vision) on the terminal: the rows of <see cref="PlanTables"/>, in plan order, then the warnings.</summary>
public static class PlanRendering
{
    public static void Render(CliContext ctx, PlanResult result)
    {
        switch (result)
        {
            case Plan plan: Language(ctx, plan); break;
            case VisionPlan vision: Vision(ctx, vision); break;
        }
        foreach (var w in result.Warnings) ctx.Console.WriteLine("warning: " + ctx.Flags.Expand(w.Message));
    }

    private static void Language(CliContext ctx, Plan plan)
    {
        var console = ctx.Console;
        console.WriteLine($"Plan: {plan.Question}");
        if (plan.Rule is { } rule)
        {
            console.WriteLine($"Rule: {rule.Rule.Form}  ({rule.Rule.Source})");
            Tables.Write(ctx, PlanTables.Rule(plan, rule));
        }
        else
        {
            console.WriteLine($"Law: {plan.Law.Name}  ({plan.Law.Form}; {plan.Law.Source.Short})");
            console.WriteLine($"FLOPs: {plan.FlopConvention.Name()}  ({plan.FlopConvention.Describe()})");
            Tables.Write(ctx, PlanTables.Answer(plan));
        }
        if (plan.Intervals is { } iv) console.WriteLine(PlanTables.Intervals(plan, iv));
        if (plan.Hardware is { } hw) HardwareRendering.Render(ctx, hw, plan.LargestFittingPlan);
        if (plan.Data is { } d) Tables.Write(ctx, PlanTables.Data(d));
        if (plan.Inference is { } i) Tables.Write(ctx, PlanTables.Inference(i));
        Tables.Write(ctx, PlanTables.Schedule(plan.Schedule));
    }

    private static void Vision(CliContext ctx, VisionPlan p)
    {
        ctx.Console.WriteLine($"Plan: {p.Question}");
        ctx.Console.WriteLine($"Law: {p.Law.Name}  ({p.Law.Form}, {p.Law.Metric}; {p.Law.Source})");
        Tables.Write(ctx, PlanTables.Vision(p));
    }
}
