namespace OrleansIm.Grains.Interfaces.Errors;

/// <summary>Failure kinds a grain reports; the gateway maps each to the gRPC status of the same name.</summary>
[GenerateSerializer, Alias("OrleansIm.ImErrorCode")]
public enum ImErrorCode
{
    InvalidArgument = 3,
    NotFound = 5,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Unavailable = 14,
}
