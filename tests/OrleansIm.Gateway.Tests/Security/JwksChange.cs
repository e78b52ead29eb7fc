using OrleansIm.Gateway.Auth;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>Changes a node's JWKS file and waits, with a timeout, until the gateway has read the change.</summary>
internal static class JwksChange
{
    public static async Task<KeysReloaded> ApplyAsync(TrustedKeys keys, Action change, Func<KeysReloaded, bool> until)
    {
        var read = new TaskCompletionSource<KeysReloaded>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReloaded(KeysReloaded reload)
        {
            if (until(reload)) read.TrySetResult(reload);
        }
        keys.Reloaded += OnReloaded;
        try
        {
            change();
            return await read.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            keys.Reloaded -= OnReloaded;
        }
    }
}
