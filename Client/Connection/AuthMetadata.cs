using Grpc.Core;

namespace OrleansIm.Client.Connection;

/// <summary>Builds the headers every call carries; the provider is asked each time so an expiring token can be refreshed.</summary>
internal static class AuthMetadata
{
    public static async ValueTask<Metadata> CreateAsync(Func<CancellationToken, ValueTask<string>> tokenProvider, CancellationToken cancellationToken)
    {
        var token = await tokenProvider(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ImClientException(StatusCode.Unauthenticated, "The token provider returned an empty token.");
        }

        return new Metadata { { "authorization", "Bearer " + token } };
    }
}
