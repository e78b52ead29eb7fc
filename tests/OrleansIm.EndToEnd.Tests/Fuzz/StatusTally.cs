using Grpc.Core;

namespace OrleansIm.EndToEnd.Tests.Fuzz;

/// <summary>
/// What the gateway answered to hostile input. Refusals must be specific (the caller can act on
/// them); INTERNAL, UNKNOWN, DATA_LOSS or UNAVAILABLE mean the server did not understand its own
/// failure, and each one is kept with the input that caused it.
/// </summary>
internal sealed class StatusTally
{
    private static readonly HashSet<StatusCode> Clear =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.AlreadyExists, StatusCode.PermissionDenied,
        StatusCode.ResourceExhausted, StatusCode.FailedPrecondition, StatusCode.OutOfRange, StatusCode.Unauthenticated, StatusCode.Unimplemented,
    ];

    private readonly Dictionary<StatusCode, int> _counts = [];
    private readonly List<string> _unclear = [];

    private int _resets;
    private int _lostByClient;

    public int Inputs { get; private set; }

    public IReadOnlyList<string> Unclear => _unclear;

    public void Record(StatusCode code, string detail, string input)
    {
        lock (_counts)
        {
            Inputs++;
            _counts[code] = _counts.GetValueOrDefault(code) + 1;
            if (!Clear.Contains(code) || (code != StatusCode.OK && string.IsNullOrWhiteSpace(detail)))
            {
                _unclear.Add($"{code} \"{detail}\" for {input}");
            }
        }
    }

    /// <summary>
    /// The server reset the HTTP/2 stream or connection instead of answering: Kestrel's defence
    /// against clients that abandon streams in quick succession (ENHANCE_YOUR_CALM), or its answer
    /// to frames that arrive for a stream already closed (a connection error, STREAM_CLOSED, which
    /// ends every other stream of this client's shared connection too), or the connection closed
    /// under the call. A refusal of the abuse at the HTTP/2 layer, not a failure of the gateway to
    /// understand the input.
    /// </summary>
    public void RecordReset()
    {
        lock (_counts)
        {
            Inputs++;
            _resets++;
        }
    }

    /// <summary>
    /// A call that did not end on its own: the client's deadline ended it, or the attacker gave up
    /// waiting. The node sets a message on every DEADLINE_EXCEEDED it raises; the client's own
    /// deadline comes with none. Counted, not judged: whether the node kept such a call running
    /// is checked once the attack is over.
    /// </summary>
    public void RecordLostByClient()
    {
        lock (_counts)
        {
            Inputs++;
            _lostByClient++;
        }
    }

    public static bool IsOwnDeadline(RpcException e) => e.StatusCode == StatusCode.DeadlineExceeded && string.IsNullOrEmpty(e.Status.Detail);

    public static bool IsAbuseReset(Exception e) =>
        e.ToString() is var text && (text.Contains("ENHANCE_YOUR_CALM", StringComparison.Ordinal) || text.Contains("Connection reset by peer", StringComparison.Ordinal)
            || text.Contains("HTTP/2 error code 'STREAM_CLOSED'", StringComparison.Ordinal) || IsClosedTransport(e));

    /// <summary>
    /// The client made this status itself, from the transport failing under the call (the
    /// connection closed: "the request was aborted", a broken pipe): the node sent no status.
    /// </summary>
    private static bool IsClosedTransport(Exception e) =>
        e is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal, Status.DebugException: { } cause }
        && Causes(cause).Any(c => c is IOException or HttpRequestException);

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? c = e; c is not null; c = c.InnerException)
        {
            yield return c;
        }
    }

    public override string ToString()
    {
        lock (_counts)
        {
            return $"{Inputs} inputs: " + string.Join(", ", _counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}")) + $", stream resets by the server {_resets}, calls lost by the client {_lostByClient}";
        }
    }
}
