namespace OrleansIm.Grains.Interfaces.Ids;

internal static class IdSyntax
{
    public static bool IsToken(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }
        foreach (var c in value)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '-';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
