namespace OrleansIm.Client.Connection;

/// <summary>
/// Which gateway to use: the first at start, the next one after every disconnect, wrapping
/// around. Moving on even after a GoAway spreads a drained gateway's clients over the others.
/// </summary>
internal sealed class EndpointRotation
{
    private readonly Uri[] _endpoints;
    private int _index;

    public EndpointRotation(IEnumerable<Uri> endpoints)
    {
        _endpoints = [.. endpoints];
        if (_endpoints.Length == 0)
        {
            throw new ArgumentException("At least one endpoint is needed.", nameof(endpoints));
        }
    }

    public Uri Current => _endpoints[Volatile.Read(ref _index)];

    public Uri MoveNext()
    {
        var next = (Volatile.Read(ref _index) + 1) % _endpoints.Length;
        Volatile.Write(ref _index, next);
        return _endpoints[next];
    }
}
