using Grpc.Core;

namespace OrleansIm.EndToEnd.Tests.Fuzz;

/// <summary>gRPC methods that take and return raw bytes, so the fuzz suite can send what no generated client would.</summary>
internal static class RawGrpc
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static Method<byte[], byte[]> Method(MethodType type, string service, string name) => new(type, service, name, Bytes, Bytes);

    public static Metadata Auth(string token) => new() { { "authorization", $"Bearer {token}" } };
}
