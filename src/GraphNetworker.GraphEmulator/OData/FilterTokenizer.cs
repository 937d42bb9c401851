using System.Text;

namespace GraphNetworker.GraphEmulator.OData;

/// <summary>Splits <c>$filter</c> text into tokens: quoted strings, punctuation, words, numbers and dates.</summary>
internal static class FilterTokenizer
{
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',' or ':' or '/')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '\'')
            {
                tokens.Add(ReadString(text, ref i));
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '-' or ':' or '+'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (char.IsLetter(c) || c is '_' or '$' or '@' or '#')
            {
                var start = i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '@' or '#'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                throw new FormatException($"Unexpected character '{c}' at position {i} in filter.");
            }
        }

        return tokens;
    }

    private static string ReadString(string text, ref int i)
    {
        var sb = new StringBuilder("'");
        i++;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    sb.Append("''");
                    i += 2;
                    continue;
                }

                i++;
                return sb.Append('\'').ToString();
            }

            sb.Append(text[i++]);
        }

        throw new FormatException("Unterminated string literal in filter.");
    }
}
