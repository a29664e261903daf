using ScalingLab.Units;

namespace ScalingLab.Vision;

/// <summary>
/// A Vision Transformer (Dosovitskiy et al. 2021): square images of Resolution pixels cut into
/// Patch x Patch patches, a class token, learned positions, Depth pre-norm blocks of width Width
/// with an MLP of Mlp, and a linear head of Classes outputs (0 for none, as in CLIP towers).
/// Counts follow the reference implementation (biases everywhere, two LayerNorms per block and
/// one at the end): ViT-B/16 with a 1000-class head has 86,567,656 parameters.
/// </summary>
public sealed record VitShape(int Resolution, int Patch, int Width, int Depth, int Mlp, int Heads,
    int Classes = 1000, int Channels = 3, string? Name = null)
{
    public int PatchesPerSide => Resolution / Patch;
    public int Patches => PatchesPerSide * PatchesPerSide;
    /// <summary>Sequence length: (H/P)(W/P) patches plus the class token.</summary>
    public int TokensPerImage => Patches + 1;

    public double Parameters
    {
        get
        {
            double w = Width, m = Mlp;
            var patchEmbedding = (double)Patch * Patch * Channels * w + w;
            var classAndPositions = w + TokensPerImage * w;
            var block = 2 * (2 * w) + (3 * w * w + 3 * w) + (w * w + w) + (w * m + m) + (m * w + w);
            var head = Classes > 0 ? w * Classes + Classes : 0;
            return patchEmbedding + classAndPositions + Depth * block + 2 * w + head;
        }
    }

    /// <summary>
    /// Forward multiply-accumulates per image: patch projection, per block QKV, Q·K^T, attention·V,
    /// output projection and the MLP, then the head. Norms, softmax and GELU are left out, as the
    /// usual GMAC counters do (ViT-B/16 at 224: 17.56 GMACs).
    /// </summary>
    public double MacsPerImage
    {
        get
        {
            double t = TokensPerImage, w = Width, m = Mlp;
            var patchProjection = (double)Patches * Patch * Patch * Channels * w;
            var block = t * w * 3 * w + 2 * t * t * w + t * w * w + 2 * t * w * m;
            var head = Classes > 0 ? w * Classes : 0;
            return patchProjection + Depth * block + head;
        }
    }

    public double GmacsPerImage => MacsPerImage / 1e9;

    /// <summary>Training FLOPs per image: 2 FLOPs per MAC, backward twice the forward.</summary>
    public double TrainingFlopsPerImage => 6 * MacsPerImage;

    /// <summary>Forward FLOPs per image: 2 per multiply-accumulate.</summary>
    public double ForwardFlopsPerImage => 2 * MacsPerImage;

    public VitShape Validated()
    {
        Units.InputChecks.Range(Resolution, "resolution", 1, 100_000);
        Units.InputChecks.Range(Patch, "patch", 1, 100_000);
        Units.InputChecks.Range(Width, "dModel", 1, 1_000_000);
        Units.InputChecks.Range(Depth, "layers", 1, 10_000);
        Units.InputChecks.Range(Mlp, "ffnDim", 1, 10_000_000);
        Units.InputChecks.Range(Heads, "heads", 1, 100_000);
        Units.InputChecks.Range(Classes, "classes", 0, 10_000_000);
        if (Resolution % Patch != 0)
            throw new InputException("patch", Patch.ToString(), $"the resolution {Resolution} must be a multiple of the patch size");
        if (Width % Heads != 0)
            throw new InputException("heads", Heads.ToString(), $"the width {Width} must be a multiple of the number of heads");
        return this;
    }
}
