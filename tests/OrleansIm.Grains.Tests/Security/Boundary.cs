using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

/// <summary>Assertions on the grain boundary check's refusals, told apart from the grains' own by their wording.</summary>
public static class Boundary
{
    public static async Task RefusesImpersonation(Func<Task> call)
    {
        var refusal = await ImAssert.Refused(ImErrorCode.PermissionDenied, call);
        Assert.Contains("may not act for", refusal.Message);
    }

    public static async Task RefusesUnprivileged(Func<Task> call)
    {
        var refusal = await ImAssert.Refused(ImErrorCode.PermissionDenied, call);
        Assert.Contains("neither an admin nor a service", refusal.Message);
    }

    public static async Task RefusesBanned(Func<Task> call)
    {
        var refusal = await ImAssert.Refused(ImErrorCode.PermissionDenied, call);
        Assert.Contains("is banned", refusal.Message);
    }

    /// <summary>The call passes the boundary: it succeeds, or the grain itself refuses it for another reason.</summary>
    public static async Task Admits(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (ImException refusal) when (!refusal.Message.Contains("may not act for") && !refusal.Message.Contains("authenticated caller"))
        {
        }
    }
}
