using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Gateway.Auth;

/// <summary>What a valid bearer token proves: who calls, with which roles, until when, and which key vouched for it.</summary>
/// <param name="SigningKey">The <see cref="SigningKeyIdentity"/> of the key that verified the token; "" when unknown.</param>
public sealed record AuthenticatedCaller(string UserId, CallerRoles Roles, DateTimeOffset ExpiresAt, string SigningKey = "");
