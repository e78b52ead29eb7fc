using System.Text.RegularExpressions;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using OrleansIm.Client.Connection;
using OrleansIm.Client.Cursors;
using OrleansIm.Client.Events;
using OrleansIm.Client.Ordering;
using OrleansIm.Client.Sending;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client;

/// <summary>
/// One device of one user. <see cref="StartAsync"/> opens the real-time stream and keeps it open
/// (reconnecting, resyncing, resending); <see cref="Events"/> yields what arrives, exactly once
/// and in order. The unary helpers need no stream and work before StartAsync too.
/// </summary>
public sealed partial class ImClient : IAsyncDisposable
{
    private readonly ImClientOptions _options;
    private readonly Channel<ImEvent> _events;
    private readonly EndpointRotation _endpoints;
    private readonly ChannelCache _channels;
    private readonly UnaryInvoker _unary;
    private readonly PendingSendQueue _sends;
    private readonly CancellationTokenSource _stopping = new();
    private ConnectionSupervisor? _supervisor;
    private SyncCoordinator? _sync;
    private CursorAcknowledger? _acks;
    private Task _supervisorLoop = Task.CompletedTask;
    private Task _ackLoop = Task.CompletedTask;
    private int _started;
    private int _disposed;

    public ImClient(ImClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _events = Channel.CreateBounded<ImEvent>(new BoundedChannelOptions(options.EventBufferCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _endpoints = new EndpointRotation(options.Endpoints);
        _channels = new ChannelCache(options);
        _unary = new UnaryInvoker(options, _channels, _endpoints);
        _sends = new PendingSendQueue(options.MaxPendingSends);
    }

    /// <summary>Everything the stream delivers, in order. Completes when the client is disposed or refused for good.</summary>
    public ChannelReader<ImEvent> Events => _events.Reader;

    /// <summary>The user id the server resolved from the token (known after the first Welcome).</summary>
    public string? UserId => _supervisor?.UserId;

    /// <summary>The highest user sync seq applied on this device.</summary>
    public long Cursor => _sync?.Cursor ?? 0;

    public bool IsConnected => _supervisor?.Session is not null;

    /// <summary>Sends still waiting for the server's ack.</summary>
    public int PendingSendCount => _sends.Count;

    public IAsyncEnumerable<ImEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Connects, says Hello with the saved cursor, and returns once everything after the cursor
    /// has been pulled. Transient failures are retried (the events show each attempt) until
    /// <paramref name="cancellationToken"/> fires; a refused connect (Unauthenticated,
    /// PermissionDenied, InvalidArgument) throws <see cref="ImClientException"/>.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("StartAsync may be called only once per ImClient.");
        }

        var cursor = await _options.CursorStore.LoadAsync(cancellationToken).ConfigureAwait(false);
        var applier = new SyncEventApplier(new UnaryConversationHistory(_unary), _events.Writer);
        _acks = new CursorAcknowledger(_options.CursorStore, _options.CursorAckDelay, _options.TimeProvider, () => _sync!.Cursor);
        _acks.MarkLoaded(cursor);
        _sync = new SyncCoordinator(new SyncSequencer(cursor, _options.MaxBufferedSyncEvents), applier, _acks.Notify);
        _supervisor = new ConnectionSupervisor(_options, _endpoints, _channels, _sync, applier, _sends, _acks, _events.Writer);
        _ackLoop = _acks.RunAsync(_stopping.Token);
        _supervisorLoop = Task.Run(() => _supervisor.RunAsync(_stopping.Token), CancellationToken.None);
        try
        {
            await _supervisor.FirstReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc cref="SendAsync"/>
    public Task<SendAck> SendTextAsync(string conversationId, string text, string? clientMessageId = null, CancellationToken cancellationToken = default) =>
        SendAsync(conversationId, new MessageBody { Text = new TextBody { Text = text ?? "" } }, clientMessageId, cancellationToken);

    /// <summary>
    /// Sends over the stream and returns the server's ack (durable by then). Until acked the send
    /// is kept and resent with the same client message id after every reconnect, so the server
    /// stores it once; a retry answers with the original ack. An in-band refusal throws
    /// <see cref="ImClientException"/> with its status; no ack within SendTimeout throws
    /// DeadlineExceeded (the message may still be stored: retry with the same id).
    /// </summary>
    public Task<SendAck> SendAsync(string conversationId, MessageBody body, string? clientMessageId = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateSendRequest(conversationId, body, clientMessageId), cancellationToken);

    /// <summary>
    /// Sends text that @mentions members: in a large group each gets a MentionReceived and the
    /// mention flag in their conversation list until they read past it. Otherwise like <see cref="SendAsync"/>.
    /// </summary>
    public Task<SendAck> SendTextWithMentionsAsync(string conversationId, string text, IEnumerable<string> mentionUserIds, string? clientMessageId = null, CancellationToken cancellationToken = default)
    {
        var request = CreateSendRequest(conversationId, new MessageBody { Text = new TextBody { Text = text ?? "" } }, clientMessageId);
        request.MentionUserIds.AddRange(mentionUserIds ?? []);
        return SendRequestAsync(request, cancellationToken);
    }

    private async Task<SendAck> SendRequestAsync(SendRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (_supervisor is not { } supervisor)
        {
            throw new InvalidOperationException("Call StartAsync before SendAsync, or use SendUnaryAsync, which needs no stream.");
        }

        ThrowIfRefused(supervisor);
        var pending = _sends.Add(request);
        ThrowIfRefused(supervisor);

        using var timeout = _options.SendTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(_options.SendTimeout, _options.TimeProvider);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout?.Token ?? CancellationToken.None);
        try
        {
            return await pending.Completion.WaitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!pending.Completion.IsCompleted)
        {
            _sends.Remove(pending);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new ImClientException(
                StatusCode.DeadlineExceeded,
                $"No ack for message '{request.ClientMessageId}' within {_options.SendTimeout}; the server may still have stored it, so retry with the same client message id.");
        }
    }

    /// <summary>Sends with the unary Send RPC: no stream needed (bots, scripts). Same idempotency by client message id.</summary>
    public Task<SendAck> SendUnaryAsync(string conversationId, MessageBody body, string? clientMessageId = null, CancellationToken cancellationToken = default)
    {
        var request = CreateSendRequest(conversationId, body, clientMessageId);
        return _unary.CallAsync((c, o) => c.SendAsync(request, o), cancellationToken);
    }

    /// <summary>
    /// Tells the members of a conversation that the user is (or stopped) typing. Ephemeral and
    /// best effort: false when no stream is connected, and nothing is resent.
    /// </summary>
    public bool SetTyping(string conversationId, bool typing)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        return _supervisor?.Session is { } session
            && session.TryWrite(new ClientFrame { Typing = new TypingRequest { ConversationId = conversationId, Typing = typing } });
    }

    /// <summary>
    /// Marks a conversation read up to <paramref name="seq"/> (0 = latest). Uses the unary RPC,
    /// not the stream's mark_read frame, so the caller gets the new unread counts back and it
    /// works while the stream reconnects. Every device then gets a ReadMarkerChanged.
    /// </summary>
    public Task<MarkReadResponse> MarkReadAsync(string conversationId, long seq = 0, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.MarkReadAsync(new MarkReadRequest { ConversationId = conversationId, Seq = seq }, o), cancellationToken);

    public Task<ListConversationsResponse> ListConversationsAsync(CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.ListConversationsAsync(new ListConversationsRequest(), o), cancellationToken);

    public Task<Conversation> GetConversationAsync(string conversationId, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.GetConversationAsync(new GetConversationRequest { ConversationId = conversationId }, o), cancellationToken);

    /// <summary>The one direct conversation with <paramref name="peerId"/>, created on first use.</summary>
    public Task<Conversation> OpenDirectAsync(string peerId, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.OpenDirectAsync(new OpenDirectRequest { PeerId = peerId }, o), cancellationToken);

    public Task<Conversation> CreateGroupAsync(string name, IEnumerable<string> memberIds, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.CreateGroupAsync(new CreateGroupRequest { Name = name, MemberIds = { memberIds } }, o), cancellationToken, idempotent: false);

    public Task<Conversation> AddMembersAsync(string conversationId, IEnumerable<string> userIds, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.AddMembersAsync(new AddMembersRequest { ConversationId = conversationId, UserIds = { userIds } }, o), cancellationToken);

    public Task<Conversation> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.RemoveMemberAsync(new RemoveMemberRequest { ConversationId = conversationId, UserId = userId }, o), cancellationToken);

    public async Task LeaveGroupAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await _unary.CallAsync((c, o) => c.LeaveGroupAsync(new LeaveGroupRequest { ConversationId = conversationId }, o), cancellationToken).ConfigureAwait(false);

    public Task<Conversation> RenameGroupAsync(string conversationId, string name, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.RenameGroupAsync(new RenameGroupRequest { ConversationId = conversationId, Name = name }, o), cancellationToken);

    public Task<Conversation> SetMemberRoleAsync(string conversationId, string userId, MemberRole role, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.SetMemberRoleAsync(new SetMemberRoleRequest { ConversationId = conversationId, UserId = userId, Role = role }, o), cancellationToken);

    /// <summary>
    /// Creates a group of any size the server allows, the way an admin tool does: CreateGroup
    /// with the first page of members, then AddMembers page by page (each call adds at most
    /// <paramref name="pageSize"/>, 1000 on a default server). Past the server's threshold the
    /// group is large (read diffusion). Not atomic: if a page fails, the group exists with the
    /// pages before it, and the exception says how far it got.
    /// </summary>
    public async Task<Conversation> CreateLargeGroupAsync(string name, IReadOnlyList<string> memberIds, int pageSize = 1000, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var conversation = await CreateGroupAsync(name, memberIds.Take(pageSize), cancellationToken).ConfigureAwait(false);
        var added = Math.Min(pageSize, memberIds.Count);
        progress?.Report(added);
        while (added < memberIds.Count)
        {
            var page = memberIds.Skip(added).Take(pageSize).ToList();
            try
            {
                conversation = await AddMembersAsync(conversation.Id, page, cancellationToken).ConfigureAwait(false);
            }
            catch (ImClientException e)
            {
                throw new ImClientException(e.StatusCode, $"Group {conversation.Id} was created with {added} of {memberIds.Count} members; adding the next page failed: {e.Message}", e);
            }

            added += page.Count;
            progress?.Report(added);
        }

        return conversation;
    }

    /// <summary>A page of members in user id order; pass the last id of a page to get the next one.</summary>
    public Task<ListMembersResponse> ListMembersAsync(string conversationId, string afterUserId = "", int limit = 0, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.ListMembersAsync(new ListMembersRequest { ConversationId = conversationId, AfterUserId = afterUserId ?? "", Limit = limit }, o), cancellationToken);

    public Task<Conversation> SetMemberMutedAsync(string conversationId, string userId, bool muted, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.SetMemberMutedAsync(new SetMemberMutedRequest { ConversationId = conversationId, UserId = userId, Muted = muted }, o), cancellationToken);

    /// <summary>Changes the settings given; a null leaves that setting unchanged.</summary>
    public Task<Conversation> UpdateGroupSettingsAsync(string conversationId, bool? muteAll = null, bool? historyForNewMembers = null, CancellationToken cancellationToken = default)
    {
        var request = new UpdateGroupSettingsRequest { ConversationId = conversationId };
        if (muteAll is { } mute)
        {
            request.MuteAll = mute;
        }

        if (historyForNewMembers is { } history)
        {
            request.HistoryForNewMembers = history;
        }

        return _unary.CallAsync((c, o) => c.UpdateGroupSettingsAsync(request, o), cancellationToken);
    }

    public async Task RequestJoinAsync(string conversationId, string note = "", CancellationToken cancellationToken = default) =>
        await _unary.CallAsync((c, o) => c.RequestJoinAsync(new RequestJoinRequest { ConversationId = conversationId, Note = note ?? "" }, o), cancellationToken).ConfigureAwait(false);

    public Task<ListJoinRequestsResponse> ListJoinRequestsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.ListJoinRequestsAsync(new ListJoinRequestsRequest { ConversationId = conversationId }, o), cancellationToken);

    public Task<Conversation> DecideJoinRequestAsync(string conversationId, string userId, bool approve, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.DecideJoinRequestAsync(new DecideJoinRequestRequest { ConversationId = conversationId, UserId = userId, Approve = approve }, o), cancellationToken);

    /// <summary>
    /// A page of messages. BACKWARD (the default) returns older messages, seq &lt; anchor, newest
    /// first (anchor 0 = from the latest); FORWARD returns seq &gt; anchor, oldest first.
    /// </summary>
    public Task<HistoryResponse> GetHistoryAsync(
        string conversationId,
        long anchorSeq = 0,
        Direction direction = Direction.Backward,
        int limit = 0,
        CancellationToken cancellationToken = default) =>
        _unary.CallAsync(
            (c, o) => c.GetHistoryAsync(new HistoryRequest { ConversationId = conversationId, AnchorSeq = anchorSeq, Direction = direction, Limit = limit }, o),
            cancellationToken);

    /// <summary>Replaces the body of one of the user's own messages; returns the ack of the edit notice.</summary>
    public Task<SendAck> EditAsync(string conversationId, long targetSeq, MessageBody newBody, string? clientMessageId = null, CancellationToken cancellationToken = default) =>
        _unary.CallAsync(
            (c, o) => c.EditAsync(
                new EditRequest { ConversationId = conversationId, TargetSeq = targetSeq, NewBody = newBody, ClientMessageId = NewClientMessageIdIfMissing(clientMessageId) },
                o),
            cancellationToken);

    public Task<SendAck> EditTextAsync(string conversationId, long targetSeq, string text, string? clientMessageId = null, CancellationToken cancellationToken = default) =>
        EditAsync(conversationId, targetSeq, new MessageBody { Text = new TextBody { Text = text ?? "" } }, clientMessageId, cancellationToken);

    public Task<SendAck> RecallAsync(string conversationId, long targetSeq, string? clientMessageId = null, CancellationToken cancellationToken = default) =>
        _unary.CallAsync(
            (c, o) => c.RecallAsync(
                new RecallRequest { ConversationId = conversationId, TargetSeq = targetSeq, ClientMessageId = NewClientMessageIdIfMissing(clientMessageId) },
                o),
            cancellationToken);

    public Task<GetReadPositionsResponse> GetReadPositionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.GetReadPositionsAsync(new GetReadPositionsRequest { ConversationId = conversationId }, o), cancellationToken);

    public Task<GetPresenceResponse> GetPresenceAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default) =>
        _unary.CallAsync((c, o) => c.GetPresenceAsync(new GetPresenceRequest { UserIds = { userIds } }, o), cancellationToken);

    /// <summary>
    /// A development token from AuthService.DevLogin (the node must run in Development). For
    /// long sessions prefer <see cref="DevTokenProvider"/>, which logs in again before expiry.
    /// </summary>
    public static Task<DevLoginResponse> DevLoginAsync(Uri endpoint, string userId, CancellationToken cancellationToken = default) =>
        DevLoginAsync(endpoint, userId, serverCertificateValidation: null, cancellationToken);

    /// <param name="serverCertificateValidation">For an https:// endpoint whose certificate the system does not trust, as <see cref="ImClientOptions.ServerCertificateValidation"/>.</param>
    public static async Task<DevLoginResponse> DevLoginAsync(Uri endpoint, string userId, System.Net.Security.RemoteCertificateValidationCallback? serverCertificateValidation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        // The channel a client with these options would make, TLS trust included.
        using var channel = ChannelCache.Create(endpoint, new ImClientOptions { ServerCertificateValidation = serverCertificateValidation });
        var client = new AuthService.AuthServiceClient(channel);
        try
        {
            return await client.DevLoginAsync(new DevLoginRequest { UserId = userId }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The call was cancelled.", e, cancellationToken);
        }
        catch (RpcException e)
        {
            throw ImClientException.FromRpc(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_supervisorLoop, _ackLoop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loops end by this very cancellation.
        }

        if (_acks is { } acks)
        {
            try
            {
                await acks.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // Disposal must not throw; the device resyncs from the last cursor that was saved.
            }
        }

        _sends.FailAll(new ImClientException(StatusCode.Cancelled, "The client was disposed before the server acknowledged the send."));
        _events.Writer.TryComplete();
        _channels.Dispose();
        _stopping.Dispose();
    }

    private static void ThrowIfRefused(ConnectionSupervisor supervisor)
    {
        if (supervisor.TerminalError is { } refusal)
        {
            throw new ImClientException(refusal.StatusCode, "The server refused this client: " + refusal.Message, refusal);
        }
    }

    private static SendRequest CreateSendRequest(string conversationId, MessageBody body, string? clientMessageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(body);
        return new SendRequest { ConversationId = conversationId, Body = body, ClientMessageId = NewClientMessageIdIfMissing(clientMessageId) };
    }

    private static string NewClientMessageIdIfMissing(string? clientMessageId)
    {
        if (clientMessageId is null)
        {
            return Guid.NewGuid().ToString("N");
        }

        if (!ClientMessageIdPattern().IsMatch(clientMessageId))
        {
            throw new ArgumentException($"Client message id '{clientMessageId}' must be 1-64 chars of [A-Za-z0-9_.-].", nameof(clientMessageId));
        }

        return clientMessageId;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex ClientMessageIdPattern();
}
