package dev.lightbulb.games.taboo;

import dev.lightbulb.games.ExpertPlayer;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The taboo describer expert: reads the target and the related words out of its prompt and spells the target
 * out a little more each turn ({@link SpellingClue}: length, the first two letters and the last letter, then one
 * more first letter per turn), always in a wording that keeps the game's rules.
 */
final class TabooDescriber extends ExpertPlayer {
    private static final Pattern TARGET = Pattern.compile("needs to guess:\\s+(\\S+)");
    private static final Pattern RELATED = Pattern.compile("Related words are:\\s+((?:- [^\\n]*(?:\\n|$))+)");

    TabooDescriber() { super("taboo describer"); }

    @Override
    protected String answer(List<ChatMessage> messages) {
        String prompt = firstPrompt(messages);
        Matcher target = TARGET.matcher(prompt);
        if (!target.find()) throw unreadable("no target word after 'needs to guess:' in the prompt");
        List<String> related = new ArrayList<>();
        Matcher rel = RELATED.matcher(prompt);
        if (rel.find())
            for (String line : rel.group(1).split("\n")) if (line.startsWith("- ")) related.add(line.substring(2).strip());
        int turn = texts(messages, "assistant").size();
        return SpellingClue.of(target.group(1), turn + 2).render(target.group(1), related);
    }
}
