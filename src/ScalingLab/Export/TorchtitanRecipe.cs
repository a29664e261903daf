using ScalingLab.Hardware;

namespace ScalingLab.Export;

/// <summary>
/// The text of a torchtitan recipe module: one function, named like the module, that starts from
/// torchtitan's Llama 3 8B recipe and sets the plan's model, loss, optimizer, schedule, training,
/// parallelism and activation checkpointing. Every name, field and parameter it writes is one listed
/// in data/engines/torchtitan-fields.txt (the tests check).
/// </summary>
internal static class TorchtitanRecipe
{
    public static string Text(PlannedRun plan, EngineRun run, int hidden, string dtype, string module)
    {
        var (s, l) = (run.Shape, run.Layout);
        var (replicate, shard, reshard) = l.ZeroStage switch
        {
            0 => (l.Data, 1, null),
            1 or 2 => (1, l.Data, "never"),
            _ => (1, l.Data, "always"),
        };
        var pipelined = l.Pipeline > 1;
        // With pipelining every micro-batch of the step goes through the pipeline (no extra accumulation).
        var parallelism = new List<string>
        {
            $"data_parallel_replicate_degree={replicate}",
            $"data_parallel_shard_degree={shard}",
        };
        if (reshard is not null) parallelism.Add($"fsdp_reshard_after_forward=\"{reshard}\"");
        parallelism.Add($"tensor_parallel_degree={l.Tensor}");
        parallelism.Add($"enable_sequence_parallel={Py(l.Tensor > 1 && l.SequenceParallel)}");
        parallelism.Add($"pipeline_parallel_degree={l.Pipeline}");
        if (pipelined) parallelism.Add($"num_pp_microbatches={run.GradientAccumulation}");

        var training = new List<string>
        {
            $"num_tokens_per_microbatch_per_dp_rank={l.MicroBatch} * {run.Context}",
            $"num_tokens_per_train_step={run.GlobalBatch} * {run.Context}",
            $"max_context_length={run.Context}",
            $"steps={run.Steps}",
            $"mixed_precision_param=\"{dtype}\"",
        };
        if (pipelined) training.Add("disable_cuda_graphs=True");  // torchtitan refuses CUDA graphs with pipelining

        var ac = l.Recompute switch
        {
            Recomputation.None => "None",
            Recomputation.Selective => "SelectiveAC.Config()",
            _ => "FullAC.Config()",
        };
        var sched = plan.Schedule;
        return $$""""
            """ScalingLab plan export for torchtitan {{TorchtitanExport.Commit[..8]}} (pytorch/torchtitan, 2026-08-21).

            Plan: {{plan.Question}}
            {{plan.Hardware.Count}} x {{plan.Hardware.Accelerator}}, {{l}}.
            Data loader, tokenizer (hf_assets_path), checkpointing and metrics are those of torchtitan's
            Llama 3 8B recipe: point them at your data and at a tokenizer of {{s.Vocab}} tokens.
            Layers are built with torchtitan.models.llama3's own (private) layer builder of that commit.
            """
            import dataclasses

            from torchtitan.components.loss import ChunkedLossWrapper, CrossEntropyLoss
            from torchtitan.components.optimizer import default_adamw, LRSchedulersContainer
            from torchtitan.config import ParallelismConfig, TrainingConfig
            from torchtitan.distributed.activation_checkpoint import FullAC, SelectiveAC
            from torchtitan.models.common import ComplexRoPE, Embedding, Linear, RMSNorm
            from torchtitan.models.common.config_utils import decoder_vocab_size
            from torchtitan.models.llama3 import (
                _build_llama3_layers,
                _EMBEDDING_INIT,
                _NORM_INIT,
                _output_linear_init,
                model_registry,
            )
            from torchtitan.models.llama3.config_registry import llama3_8b
            from torchtitan.models.llama3.model import Llama3Model
            from torchtitan.trainer import Trainer


            def {{module}}() -> Trainer.Config:
                config = llama3_8b()
                model = Llama3Model.Config(
                    dim={{s.DModel}},
                    vocab_size={{s.Vocab}},
                    enable_weight_tying={{Py(s.TiedEmbeddings)}},
                    tok_embeddings=Embedding.Config(num_embeddings={{s.Vocab}}, embedding_dim={{s.DModel}}, param_init=_EMBEDDING_INIT),
                    norm=RMSNorm.Config(normalized_shape={{s.DModel}}, param_init=_NORM_INIT),
                    lm_head=Linear.Config(in_features={{s.DModel}}, out_features={{s.Vocab}}, param_init=_output_linear_init({{s.DModel}})),
                    layers=_build_llama3_layers(
                        n_layers={{s.Layers}},
                        dim={{s.DModel}},
                        n_heads={{s.Heads}},
                        hidden_dim={{hidden}},
                        rope=ComplexRoPE.Config(dim={{s.HeadDim}}, max_context_length={{run.Context}}),
                        attn_backend="flex",
                    ),
                )
                config.model_spec = dataclasses.replace(model_registry("8B"), flavor="scalinglab", model=model)
                config.loss = ChunkedLossWrapper.Config(
                    loss_fn=CrossEntropyLoss.Config(global_vocab_size=decoder_vocab_size(config.model_spec)),
                )
                config.optimizer = default_adamw(lr={{TorchtitanExport.F(sched.PeakLearningRate)}})
                config.lr_scheduler = LRSchedulersContainer.Config(
                    warmup_steps={{run.WarmupSteps}},
                    decay_type="cosine",
                    min_lr_factor={{(sched.FinalLearningRate / sched.PeakLearningRate).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}},
                )
                config.training = TrainingConfig(
            {{Args(training)}}
                )
                config.parallelism = ParallelismConfig(
            {{Args(parallelism)}}
                )
                config.activation_checkpoint = {{ac}}
                return config

            """";
    }

    private static string Args(IEnumerable<string> args) => string.Join("\n", args.Select(a => "        " + a + ","));

    private static string Py(bool b) => b ? "True" : "False";
}
