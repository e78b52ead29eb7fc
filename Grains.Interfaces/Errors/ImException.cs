namespace OrleansIm.Grains.Interfaces.Errors;

/// <summary>
/// A refusal that the caller caused (bad input, missing rights). It crosses grain and silo
/// boundaries intact so the gateway can answer with the matching gRPC status.
/// </summary>
[GenerateSerializer, Alias("OrleansIm.ImException")]
public sealed class ImException : Exception
{
    public ImException(ImErrorCode code, string message) : base(message) => Code = code;

    [Id(0)]
    public ImErrorCode Code { get; private set; }

    public static ImException InvalidArgument(string message) => new(ImErrorCode.InvalidArgument, message);
    public static ImException NotFound(string message) => new(ImErrorCode.NotFound, message);
    public static ImException PermissionDenied(string message) => new(ImErrorCode.PermissionDenied, message);
    public static ImException FailedPrecondition(string message) => new(ImErrorCode.FailedPrecondition, message);
}
