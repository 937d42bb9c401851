using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Tests.Common.Equivalence;

/// <summary>
/// Writes an engine answer as text, every public property of every record in declaration order (found by reflection,
/// so a property added later is written too): doubles in round-trip form, times to the tick, strings quoted and
/// escaped. Two answers are the same exactly when their texts are byte for byte the same.
/// </summary>
public static class AssessmentWriter
{
    public static string Write(MailboxAssessment result)
    {
        var text = new StringBuilder();
        WriteValue(text, nameof(MailboxAssessment), result, indent: 0);
        return text.ToString();
    }

    private static void WriteValue(StringBuilder text, string name, object? value, int indent)
    {
        text.Append(' ', indent * 2).Append(name).Append(':');
        if (Scalar(value) is { } scalar)
        {
            text.Append(' ').Append(scalar).Append('\n');
            return;
        }

        if (value is IEnumerable list)
        {
            var items = list.Cast<object?>().ToList();
            text.Append(" [").Append(items.Count.ToString(CultureInfo.InvariantCulture)).Append("]\n");
            for (var i = 0; i < items.Count; i++)
            {
                WriteValue(text, "- " + i.ToString(CultureInfo.InvariantCulture), items[i], indent + 1);
            }

            return;
        }

        text.Append('\n');
        foreach (var property in value!.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            WriteValue(text, property.Name, property.GetValue(value), indent + 1);
        }
    }

    private static string? Scalar(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        bool b => b ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Quote(string s)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in s)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                _ when char.IsControl(c) || c > '~' => quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
