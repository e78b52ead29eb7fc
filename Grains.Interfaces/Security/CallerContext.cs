using Orleans.Runtime;

namespace OrleansIm.Grains.Interfaces.Security;

/// <summary>
/// Who a grain call is made for. The gateway that authenticated the caller puts it into Orleans'
/// <see cref="RequestContext"/>, which travels with every grain call made from there, so grains
/// can check it against the user a call claims to act for instead of trusting an id argument.
/// </summary>
public static class CallerContext
{
    public const string UserKey = "im.caller";
    public const string RolesKey = "im.caller.roles";

    /// <summary>The authenticated user the current call acts for; null when no gateway set one.</summary>
    public static string? UserId => RequestContext.Get(UserKey) as string;

    public static CallerRoles Roles => RequestContext.Get(RolesKey) is int roles ? (CallerRoles)roles : CallerRoles.None;

    public static bool IsPrivileged => (Roles & (CallerRoles.Admin | CallerRoles.Service)) != 0;

    /// <summary>Marks the calls that follow (in this async flow) as made for <paramref name="userId"/>.</summary>
    public static void Set(string userId, CallerRoles roles)
    {
        RequestContext.Set(UserKey, userId);
        RequestContext.Set(RolesKey, (int)roles);
    }

    public static void Clear()
    {
        RequestContext.Remove(UserKey);
        RequestContext.Remove(RolesKey);
    }
}
