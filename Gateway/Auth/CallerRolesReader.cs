using System.Security.Claims;
using OrleansIm.Gateway.Options;
using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Gateway.Auth;

/// <summary>
/// Roles from a validated token's claims. A claim counts when any of its values, array-valued
/// (one claim per element) or space-separated (OAuth scopes), equals the configured value.
/// </summary>
internal static class CallerRolesReader
{
    public static CallerRoles Read(ClaimsIdentity identity, JwtOptions options)
    {
        var roles = CallerRoles.None;
        if (HasValue(identity, options.AdminRoleClaim, options.AdminRoleValue))
        {
            roles |= CallerRoles.Admin;
        }
        if (HasValue(identity, options.ServiceScopeClaim, options.ServiceScopeValue))
        {
            roles |= CallerRoles.Service;
        }
        return roles;
    }

    private static bool HasValue(ClaimsIdentity identity, string type, string value) =>
        identity.FindAll(type).Any(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(value, StringComparer.Ordinal));
}
