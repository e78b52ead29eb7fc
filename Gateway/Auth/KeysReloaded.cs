namespace OrleansIm.Gateway.Auth;

/// <summary>One reading of the JWKS file: applied (the trusted keys changed to <paramref name="KeyIds"/>) or refused (the previous keys stay).</summary>
public sealed record KeysReloaded(bool Applied, IReadOnlyList<string> KeyIds, string? Error);
