using ScalingLab.Units;

namespace ScalingLab.Laws;

/// <summary>
/// Kaplan et al. 2020. N counts non-embedding parameters; losses are nats per token on WebText2
/// with GPT-2's tokeniser, so they are not comparable in level with MassiveText-based laws.
/// </summary>
public sealed record KaplanLaw(string Name, IReadOnlyDictionary<string, double> Constants, Source Source,
    FitRange? Range = null) : IScalingLaw
{
    public const string FamilyName = "kaplan";
    public string Family => FamilyName;
    public string Form => "L = [(Nc/N)^(aN/aD) + Dc/D]^aD";
    public ParameterCounting ParameterCounting => ParameterCounting.NonEmbedding;
    public double IrreducibleLoss => 0;

    private double C(string key) => Constants.TryGetValue(key, out var v)
        ? v : throw new InvalidOperationException($"law {Name} lacks constant '{key}'");

    public double Nc => C("Nc");
    public double AlphaN => C("alphaN");
    public double Dc => C("Dc");
    public double AlphaD => C("alphaD");
    public double Sc => C("Sc");
    public double AlphaS => C("alphaS");
    public double BStar => C("Bstar");
    public double AlphaB => C("alphaB");

    /// <summary>L(N) = (Nc/N)^aN: converged loss of a model of N parameters (Eq. 1.1).</summary>
    public double LossOfParameters(Parameters n) => Math.Pow(Nc / n.Value, AlphaN);

    /// <summary>L(D) = (Dc/D)^aD: a large model early-stopped on D tokens (Eq. 1.2).</summary>
    public double LossOfTokens(Tokens d) => Math.Pow(Dc / d.Value, AlphaD);

    /// <summary>L(N, D) (Eq. 1.5).</summary>
    public Loss Loss(Parameters n, Tokens d) =>
        new(Math.Pow(Math.Pow(Nc / n.Value, AlphaN / AlphaD) + Dc / d.Value, AlphaD));

    public (double DLnN, double DLnD) LogGradient(Parameters n, Tokens d)
    {
        var xn = Math.Pow(Nc / n.Value, AlphaN / AlphaD);
        var xd = Dc / d.Value;
        var outer = AlphaD * Math.Pow(xn + xd, AlphaD - 1);
        return (outer * -(AlphaN / AlphaD) * xn, outer * -xd);
    }

    /// <summary>L(N, S_min) = (Nc/N)^aN + (Sc/S_min)^aS (Eq. 1.6).</summary>
    public double LossOfParametersAndSteps(Parameters n, double minSteps) =>
        Math.Pow(Nc / n.Value, AlphaN) + Math.Pow(Sc / minSteps, AlphaS);

    /// <summary>Critical batch in tokens, B_crit(L) = B*/L^(1/aB) (Eq. 1.4).</summary>
    public double CriticalBatchTokens(double loss) => BStar / Math.Pow(loss, 1 / AlphaB);

    /// <summary>S_min = S / (1 + B_crit/B): steps needed at a batch far above critical (Eq. 5.4).</summary>
    public double MinimumSteps(double steps, double batchTokens, double loss) =>
        steps / (1 + CriticalBatchTokens(loss) / batchTokens);

    /// <summary>C_min = C / (1 + B/B_crit): compute needed at a batch far below critical (Eq. 5.5).</summary>
    public double MinimumCompute(Flops c, double batchTokens, double loss) =>
        c.Value / (1 + batchTokens / CriticalBatchTokens(loss));

    /// <summary>L(C_min) = (Cc_min/C_min)^0.050, C_min in PF-days (Eq. 1.3).</summary>
    public double LossOfMinimumCompute(Flops cMin) =>
        Math.Pow(C("CcMinPfDays") / cMin.PetaflopDays, C("alphaCmin"));

    /// <summary>
    /// Table 6's compute-efficient frontier at budget C (in PF-days inside the formulas):
    /// N = 1.3e9 C^0.73, B = 2.0e6 C^0.24 tokens, S_min = 5.4e3 C^0.03, D = 2e10 C^0.27.
    /// </summary>
    public KaplanFrontierPoint Frontier(Flops c)
    {
        var pfd = c.PetaflopDays;
        return new KaplanFrontierPoint(
            new Parameters(C("frontierN") * Math.Pow(pfd, C("frontierNExp"))),
            new Tokens(C("frontierD") * Math.Pow(pfd, C("frontierDExp"))),
            C("frontierB") * Math.Pow(pfd, C("frontierBExp")),
            C("frontierS") * Math.Pow(pfd, C("frontierSExp")));
    }

    /// <summary>
    /// The early-stopping view (App. B.2): at the compute-efficient point the loss sits about
    /// (1 + aN/aS) times above the converged loss of the same model: stop well before convergence.
    /// </summary>
    public double EarlyStoppingFactor => 1 + AlphaN / AlphaS;
}

/// <summary>A point on Kaplan et al.'s compute-efficient frontier (N non-embedding).</summary>
public sealed record KaplanFrontierPoint(Parameters Parameters, Tokens Tokens, double BatchTokens, double MinimumSteps);
