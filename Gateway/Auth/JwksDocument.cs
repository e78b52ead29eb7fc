using Microsoft.IdentityModel.Tokens;

namespace OrleansIm.Gateway.Auth;

/// <summary>Reads the signing keys of a JWKS file (RFC 7517).</summary>
public static class JwksDocument
{
    /// <summary>Throws <see cref="InvalidDataException"/> with a message that says why, never the file's content.</summary>
    public static IReadOnlyList<SecurityKey> Read(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"The JWKS file '{path}' cannot be read ({ex.GetType().Name}).");
        }
        IList<SecurityKey> keys;
        try
        {
            keys = new JsonWebKeySet(json).GetSigningKeys();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"The JWKS file '{path}' is not a valid JWK set ({ex.GetType().Name}).");
        }
        if (keys.Count == 0)
        {
            throw new InvalidDataException($"The JWKS file '{path}' holds no usable signing key.");
        }
        return [.. keys];
    }
}
