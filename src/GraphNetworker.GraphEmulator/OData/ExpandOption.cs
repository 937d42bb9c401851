namespace GraphNetworker.GraphEmulator.OData;

/// <summary>One item of <c>$expand</c>, e.g. <c>singleValueExtendedProperties($filter=id eq '…')</c>.</summary>
internal sealed record ExpandOption(string Property, string? Filter, string? Select)
{
    /// <summary>Splits <c>$expand</c> at top-level commas and reads the nested <c>$filter</c>/<c>$select</c>.</summary>
    public static IReadOnlyList<ExpandOption> Parse(string? text)
    {
        var result = new List<ExpandOption>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        foreach (var item in SplitTopLevel(text, ','))
        {
            var open = item.IndexOf('(', StringComparison.Ordinal);
            if (open < 0)
            {
                result.Add(new ExpandOption(item.Trim(), null, null));
                continue;
            }

            if (!item.EndsWith(')'))
            {
                throw new FormatException($"Invalid $expand item '{item}'.");
            }

            string? filter = null;
            string? select = null;
            foreach (var option in SplitTopLevel(item[(open + 1)..^1], ';'))
            {
                var eq = option.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }

                var name = option[..eq].Trim().TrimStart('$');
                var value = option[(eq + 1)..].Trim();
                if (name.Equals("filter", StringComparison.OrdinalIgnoreCase))
                {
                    filter = value;
                }
                else if (name.Equals("select", StringComparison.OrdinalIgnoreCase))
                {
                    select = value;
                }
            }

            result.Add(new ExpandOption(item[..open].Trim(), filter, select));
        }

        return result;
    }

    private static IEnumerable<string> SplitTopLevel(string text, char separator)
    {
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && c == separator)
            {
                yield return text[start..i].Trim();
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..].Trim();
        }
    }
}
