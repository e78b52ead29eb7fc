using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OrleansIm.Gateway.Errors;

/// <summary>
/// grpc-dotnet parses a unary or server-streaming request before any interceptor runs, and
/// reports bytes that are not a valid protobuf message as UNKNOWN "Exception was thrown by
/// handler." That is the client's mistake, not ours, so this rewrites the status of such a
/// response to INVALID_ARGUMENT naming the method. It can only be a parse failure: every
/// exception from the handlers themselves passes <see cref="StatusMappingInterceptor"/>, which
/// never answers UNKNOWN.
/// </summary>
internal static class MalformedRequestStatus
{
    private const string UnparsedMessage = "Exception was thrown by handler.";
    private const string Unknown = "2";
    private const string InvalidArgument = "3";

    /// <summary>Applies the rewrite to every gRPC endpoint a convention builder produces.</summary>
    public static TBuilder WithMalformedRequestStatus<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var method = endpoint.Metadata.OfType<GrpcMethodMetadata>().FirstOrDefault()?.Method.FullName ?? "this method";
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                context.Response.OnStarting(() => Rewrite(context.Response, method));
                return inner(context);
            };
        });
        return builder;
    }

    private static Task Rewrite(HttpResponse response, string method)
    {
        // A parse failure ends the call before any message: the status is in the headers
        // ("trailers-only"), which can still be changed here.
        if (response.Headers["grpc-status"] == Unknown && response.Headers["grpc-message"] == UnparsedMessage)
        {
            response.Headers["grpc-status"] = InvalidArgument;
            response.Headers["grpc-message"] = Uri.EscapeDataString($"The request is not a valid protobuf message for {method}.");
        }
        return Task.CompletedTask;
    }
}
