namespace OrleansIm.Grains.Interfaces.Security;

/// <summary>
/// Marks a client-facing grain method with the user it acts for, so the silo's grain boundary
/// check can refuse a call whose authenticated caller (<see cref="CallerContext"/>) is someone
/// else. <see cref="Argument"/> names a parameter ("senderId"), a property of a parameter
/// ("command.SenderId"), or <see cref="GrainKey"/> for grains whose key is the user.
/// Internal methods (deliveries, receipts, relays) carry no marker.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ActsForAttribute(string argument) : Attribute
{
    public const string GrainKey = "(grain key)";

    public string Argument { get; } = argument;

    /// <summary>Whether a user under a platform ban is refused (sends, posts, joins, connects).</summary>
    public bool RefusedWhenBanned { get; init; }
}
