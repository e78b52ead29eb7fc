using Grpc.Core;
using OrleansIm.Client;

namespace OrleansIm.Cli.Commands;

/// <summary>One place that turns failures into a message on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ImClientException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.StatusCode}: {e.Message}{(IsUntrustedCertificate(e) ? UntrustedCertificateHint : Hint(e.StatusCode))}");
            return 1;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }

    private const string UntrustedCertificateHint =
        " (the server's TLS certificate was refused: if it is self-signed or from a private CA, pass --ca-cert with the PEM file of it or of its CA; " +
        "its names must include the --server host)";

    /// <summary>The TLS handshake refused the server's certificate, somewhere under the failed call.</summary>
    private static bool IsUntrustedCertificate(ImClientException e)
    {
        for (Exception? inner = (e.InnerException as RpcException)?.Status.DebugException ?? e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }
        return false;
    }

    public static string Hint(StatusCode status) => status switch
    {
        StatusCode.Unavailable => " (is the node running? start it, or pass --server)",
        StatusCode.Unimplemented => " (the development login works only on a node in the Development environment; pass --token)",
        StatusCode.Unauthenticated => " (the token was refused; log in again)",
        _ => "",
    };
}
