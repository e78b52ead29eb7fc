namespace OrleansIm.Grains.Interfaces.Ids;

/// <summary>Rules for user, device and client message ids: 1-64 chars of [A-Za-z0-9_.-].</summary>
public static class UserId
{
    public const int MaxLength = 64;

    public static bool IsValid(string? value) => IdSyntax.IsToken(value, MaxLength);

    /// <summary>Throws InvalidArgument naming <paramref name="field"/> when the id breaks the rules.</summary>
    public static string Require(string? value, string field)
    {
        if (!IsValid(value))
        {
            throw Errors.ImException.InvalidArgument(
                $"{field} must be 1-{MaxLength} characters of A-Z, a-z, 0-9, '_', '.', '-'.");
        }
        return value!;
    }
}
