using System.Text.Json.Serialization;

namespace ScalingLab.Export;

// The parts of SageMaker's CreateTrainingJob request that an export fills, under the API's own member
// names (botocore's service model sagemaker/2017-07-24; data/engines/sagemaker-create-training-job.txt).

public sealed record AlgorithmSpecification(
    [property: JsonPropertyName("TrainingImage")] string TrainingImage,
    [property: JsonPropertyName("TrainingInputMode")] string TrainingInputMode);

public sealed record OutputDataConfig([property: JsonPropertyName("S3OutputPath")] string S3OutputPath);

public sealed record ResourceConfig(
    [property: JsonPropertyName("InstanceType")] string InstanceType,
    [property: JsonPropertyName("InstanceCount")] int InstanceCount,
    [property: JsonPropertyName("VolumeSizeInGB")] int VolumeSizeInGB);

public sealed record StoppingCondition([property: JsonPropertyName("MaxRuntimeInSeconds")] long MaxRuntimeInSeconds);

public sealed record CheckpointConfig([property: JsonPropertyName("S3Uri")] string S3Uri);

/// <summary>A CreateTrainingJob request; serialised, it is the request body (`aws sagemaker create-training-job --cli-input-json`).</summary>
public sealed record TrainingJobRequest(
    [property: JsonPropertyName("TrainingJobName")] string TrainingJobName,
    [property: JsonPropertyName("AlgorithmSpecification")] AlgorithmSpecification AlgorithmSpecification,
    [property: JsonPropertyName("RoleArn")] string RoleArn,
    [property: JsonPropertyName("OutputDataConfig")] OutputDataConfig OutputDataConfig,
    [property: JsonPropertyName("ResourceConfig")] ResourceConfig ResourceConfig,
    [property: JsonPropertyName("StoppingCondition")] StoppingCondition StoppingCondition,
    [property: JsonPropertyName("CheckpointConfig")] CheckpointConfig? CheckpointConfig,
    [property: JsonPropertyName("HyperParameters")] IReadOnlyDictionary<string, string> HyperParameters);

/// <summary>A run longer than one job may last, as resumable jobs run one after another.</summary>
public sealed record TrainingJobSeries(IReadOnlyList<TrainingJobRequest> Jobs);
