namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>Ids unique to one test, so tests sharing a cluster never meet.</summary>
public static class Ids
{
    public static string User(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)];

    public static string Client() => "c-" + Guid.NewGuid().ToString("N");
}
