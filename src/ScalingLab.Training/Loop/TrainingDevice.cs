namespace ScalingLab.Training.Loop;

/// <summary>Where LibTorch runs the model: the CPU, or a CUDA device where a CUDA build of LibTorch is installed.</summary>
public enum TrainingDevice { Cpu, Cuda }
