namespace GraphNetworker.Graph.Access;

/// <summary>
/// Gives every Graph response body a deadline: the retry layer's per-attempt timeout ends when the headers arrive, and
/// the body is read afterwards, by the SDK's parsers or by <see cref="Sync.GraphPages"/>, with only the caller's token.
/// A connection that sends headers and then stalls mid-body would hold the mailbox's slot for ever. Here, once the
/// headers are in, the whole body must be read within the time allowed for one attempt; a read still waiting then
/// fails with a <see cref="TimeoutException"/> (the connection is given up), which every Graph read, typed or raw,
/// folder discovery, settings, directory, Teams, To Do or free/busy, sees as it would any failed request.
/// </summary>
/// <remarks>
/// It sits outside the retry layer: the deadline starts from the headers of the answer the caller gets, not from an
/// attempt that was retried. It is measured on the injected <see cref="TimeProvider"/>.
/// </remarks>
internal sealed class ResponseBodyDeadlineHandler(TimeSpan bodyTimeout, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content is { } content)
        {
            response.Content = new DeadlineContent(content, bodyTimeout, time);
        }

        return response;
    }

    /// <summary>The answer's content, readable until its deadline (started when the headers arrived).</summary>
    private sealed class DeadlineContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly TimeSpan _allowed;
        private readonly CancellationTokenSource _deadline;

        public DeadlineContent(HttpContent inner, TimeSpan allowed, TimeProvider time)
        {
            _inner = inner;
            _allowed = allowed;
            _deadline = new CancellationTokenSource(allowed, time);
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new DeadlineStream(await ReadInnerAsync(cancellationToken), _deadline.Token, _allowed);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            await using var body = new DeadlineStream(await ReadInnerAsync(cancellationToken), _deadline.Token, _allowed);
            await body.CopyToAsync(stream, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        private async Task<Stream> ReadInnerAsync(CancellationToken cancellationToken)
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
            try
            {
                return await _inner.ReadAsStreamAsync(bounded.Token);
            }
            catch (OperationCanceledException) when (_deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw DeadlineStream.Expired(_allowed);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _deadline.Dispose();
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The body's stream; every read ends by the deadline, and one that would wait past it throws <see cref="TimeoutException"/>.</summary>
    private sealed class DeadlineStream(Stream inner, CancellationToken deadline, TimeSpan allowed) : Stream
    {
        public static TimeoutException Expired(TimeSpan allowed) =>
            new($"The response body did not arrive within {allowed.TotalSeconds:0} s of its headers.");

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (deadline.IsCancellationRequested)
            {
                throw Expired(allowed);
            }

            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline);
            try
            {
                return await inner.ReadAsync(buffer, bounded.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw Expired(allowed);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <summary>A synchronous read (rare on this path) waits for the asynchronous one, so it ends by the deadline too.</summary>
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
