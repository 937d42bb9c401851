using System.Text;

namespace GraphNetworker.Worker.Tests.Hosting;

/// <summary>One span as OTLP carries it: ids, name and its attributes (values as text).</summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<string> EventAttributeValues);

/// <summary>
/// Reads OTLP's ExportTraceServiceRequest (protobuf) far enough to check a trace's shape: resource_spans(1) →
/// scope_spans(2) → spans(2) with trace_id(1), span_id(2), parent_span_id(4), name(5), attributes(9), events(11).
/// </summary>
public static class OtlpTraces
{
    public static List<OtlpSpan> Read(byte[] body)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Fields(body).Where(f => f.Number == 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
            {
                foreach (var span in Fields(scopeSpans.Bytes).Where(f => f.Number == 2))
                {
                    spans.Add(Span(span.Bytes));
                }
            }
        }

        return spans;
    }

    private static OtlpSpan Span(byte[] bytes)
    {
        string trace = string.Empty, id = string.Empty, name = string.Empty;
        string? parent = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var eventValues = new List<string>();
        foreach (var field in Fields(bytes))
        {
            switch (field.Number)
            {
                case 1: trace = Convert.ToHexString(field.Bytes); break;
                case 2: id = Convert.ToHexString(field.Bytes); break;
                case 4: parent = field.Bytes.Length == 0 ? null : Convert.ToHexString(field.Bytes); break;
                case 5: name = Encoding.UTF8.GetString(field.Bytes); break;
                case 9:
                    var (key, value) = KeyValue(field.Bytes);
                    attributes[key] = value;
                    break;
                case 11:
                    eventValues.AddRange(Fields(field.Bytes).Where(f => f.Number == 3).Select(f => KeyValue(f.Bytes).Value));
                    break;
            }
        }

        return new OtlpSpan(trace, id, parent, name, attributes, eventValues);
    }

    /// <summary>A KeyValue: key(1) and an AnyValue(2) whose string(1), bool(2), int(3) or double(4) is given as text.</summary>
    private static (string Key, string Value) KeyValue(byte[] bytes)
    {
        var key = string.Empty;
        var value = string.Empty;
        foreach (var field in Fields(bytes))
        {
            if (field.Number == 1)
            {
                key = Encoding.UTF8.GetString(field.Bytes);
            }
            else if (field.Number == 2)
            {
                foreach (var any in Fields(field.Bytes))
                {
                    value = any.Number switch
                    {
                        1 => Encoding.UTF8.GetString(any.Bytes),
                        2 or 3 => any.Varint.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        4 => BitConverter.Int64BitsToDouble((long)any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => value,
                    };
                }
            }
        }

        return (key, value);
    }

    private readonly record struct Field(int Number, byte[] Bytes, ulong Varint);

    private static IEnumerable<Field> Fields(byte[] bytes)
    {
        var fields = new List<Field>();
        var at = 0;
        while (at < bytes.Length)
        {
            var tag = Varint(bytes, ref at);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add(new Field(number, [], Varint(bytes, ref at)));
                    break;
                case 1:
                    fields.Add(new Field(number, [], BitConverter.ToUInt64(bytes, at)));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(bytes, ref at);
                    fields.Add(new Field(number, bytes[at..(at + length)], 0));
                    at += length;
                    break;
                case 5:
                    fields.Add(new Field(number, [], BitConverter.ToUInt32(bytes, at)));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type in field {number}.");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
