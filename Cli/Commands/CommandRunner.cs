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
            await Console.Error.WriteLineAsync($"error: {e.StatusCode}: {e.Message}{(CertificateRefusal.IsIn(e) ? $" ({CertificateRefusal.Hint})" : Hint(e.StatusCode))}");
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

    public static string Hint(StatusCode status) => status switch
    {
        StatusCode.Unavailable => " (is the node running? start it, or pass --server)",
        StatusCode.Unimplemented => " (the development login works only on a node in the Development environment; pass --token)",
        StatusCode.Unauthenticated => " (the token was refused; log in again)",
        _ => "",
    };
}
