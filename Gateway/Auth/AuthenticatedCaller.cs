using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Gateway.Auth;

/// <summary>What a valid bearer token proves: who calls, with which roles, until when.</summary>
public sealed record AuthenticatedCaller(string UserId, CallerRoles Roles, DateTimeOffset ExpiresAt);
