namespace GraphNetworker.GraphEmulator.OData;

/// <summary>A recursive-descent parser for OData <c>$filter</c> text; syntax errors are <see cref="FormatException"/>.</summary>
internal sealed class FilterParser
{
    private static readonly string[] Comparisons = ["eq", "ne", "gt", "ge", "lt", "le"];
    private readonly List<string> _tokens;
    private int _index;

    private FilterParser(List<string> tokens) => _tokens = tokens;

    public static FilterNode Parse(string text)
    {
        var parser = new FilterParser(FilterTokenizer.Tokenize(text));
        var node = parser.ParseOr();
        if (parser._index != parser._tokens.Count)
        {
            throw new FormatException($"Unexpected '{parser._tokens[parser._index]}' in filter.");
        }

        return node;
    }

    private string? Peek => _index < _tokens.Count ? _tokens[_index] : null;

    private bool PeekIs(string token) => string.Equals(Peek, token, StringComparison.OrdinalIgnoreCase);

    private string Take() => _index < _tokens.Count ? _tokens[_index++] : throw new FormatException("Unexpected end of filter.");

    private void Expect(string token)
    {
        var t = Take();
        if (!t.Equals(token, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Expected '{token}' but found '{t}'.");
        }
    }

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (PeekIs("or"))
        {
            Take();
            left = new FilterBinary("or", left, ParseAnd());
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseNot();
        while (PeekIs("and"))
        {
            Take();
            left = new FilterBinary("and", left, ParseNot());
        }

        return left;
    }

    private FilterNode ParseNot()
    {
        if (PeekIs("not"))
        {
            Take();
            return new FilterNot(ParseNot());
        }

        var left = ParsePrimary();
        var op = Peek?.ToLowerInvariant();
        if (op is not null && Comparisons.Contains(op))
        {
            Take();
            return new FilterBinary(op, left, ParsePrimary());
        }

        return left;
    }

    private FilterNode ParsePrimary()
    {
        var token = Take();
        if (token == "(")
        {
            var inner = ParseOr();
            Expect(")");
            return inner;
        }

        if (token[0] == '\'')
        {
            return new FilterLiteral(LiteralKind.String, token[1..^1].Replace("''", "'", StringComparison.Ordinal));
        }

        if (token.Equals("true", StringComparison.OrdinalIgnoreCase) || token.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return new FilterLiteral(LiteralKind.Boolean, token.ToLowerInvariant());
        }

        if (token.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return new FilterLiteral(LiteralKind.Null, "null");
        }

        if (char.IsDigit(token[0]) || (token[0] == '-' && token.Length > 1))
        {
            var isDate = token.Contains('T', StringComparison.Ordinal) || token.Count(c => c == '-') >= 2;
            return new FilterLiteral(isDate ? LiteralKind.DateTime : LiteralKind.Number, token);
        }

        if (PeekIs("("))
        {
            return ParseCall(token);
        }

        return ParsePathOrLambda(token);
    }

    private FilterCall ParseCall(string name)
    {
        Expect("(");
        var args = new List<FilterNode>();
        if (!PeekIs(")"))
        {
            args.Add(ParseOr());
            while (PeekIs(","))
            {
                Take();
                args.Add(ParseOr());
            }
        }

        Expect(")");
        return new FilterCall(name.ToLowerInvariant(), args);
    }

    private FilterNode ParsePathOrLambda(string first)
    {
        var parts = new List<string> { first };
        while (PeekIs("/"))
        {
            Take();
            var next = Take();
            if ((next.Equals("any", StringComparison.OrdinalIgnoreCase) || next.Equals("all", StringComparison.OrdinalIgnoreCase)) && PeekIs("("))
            {
                return ParseLambda(new FilterPath(parts), next.Equals("all", StringComparison.OrdinalIgnoreCase));
            }

            parts.Add(next);
        }

        return new FilterPath(parts);
    }

    private FilterLambda ParseLambda(FilterPath collection, bool all)
    {
        Expect("(");
        if (PeekIs(")"))
        {
            Take();
            return new FilterLambda(collection, all, null, null);
        }

        var variable = Take();
        Expect(":");
        var body = ParseOr();
        Expect(")");
        return new FilterLambda(collection, all, variable, body);
    }
}
