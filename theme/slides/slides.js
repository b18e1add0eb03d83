// The slide runtime of the book's decks (copied to target/site/slides/ by `cargo xtask build`).
// Plain JavaScript, no framework, no network: everything a lecturer needs works from the built site.
// Loaded as a classic script in <head>: it sets the theme before the first paint, then starts on DOMContentLoaded.
// Keys: see HELP below. URL: #/N is slide N (1-based), #/N/K slide N with its first K fragments revealed
// (`<!-- reveal -->` in the chapter); ?speaker is the speaker view; ?print-notes prints the notes.
// Pacing: a deck whose slides plan minutes (data-minutes) shows, in the speaker view, the plan against the timer.
(function () {
    "use strict";

    const SLIDE_WIDTH = 1280;
    const SLIDE_HEIGHT = 720;
    const DARK_THEMES = ["coal", "navy", "ayu"];
    const html = document.documentElement;
    const params = new URLSearchParams(location.search);
    const isSpeaker = params.has("speaker");

    // ---- theme: the reader's mdBook choice (localStorage "mdbook-theme"), else the system's preference
    let themeOverride = null;
    function storedTheme() {
        try {
            const theme = localStorage.getItem("mdbook-theme");
            return theme ? theme.replace(/^"|"$/g, "") : null;
        } catch (error) {
            return null;
        }
    }
    function wantsDark() {
        if (themeOverride !== null) return themeOverride;
        const theme = storedTheme();
        if (theme) return DARK_THEMES.includes(theme);
        return window.matchMedia("(prefers-color-scheme: dark)").matches;
    }
    function applyTheme() {
        const dark = wantsDark();
        html.classList.toggle("dark", dark);
        html.classList.toggle("light", !dark);
    }
    applyTheme();
    window.addEventListener("storage", (event) => {
        if (event.key === "mdbook-theme") applyTheme();
    });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", applyTheme);
    html.classList.add("js");
    if (isSpeaker) html.classList.add("speaker");
    if (params.has("print-notes")) {
        html.classList.add("print-notes");
        const style = document.createElement("style");
        style.textContent = "@page { size: A4 portrait; margin: 12mm; }";
        document.head.appendChild(style);
    }

    const HELP = [
        ["→ ↓ Space PageDown N", "next: the slide's next item first, if it reveals items one by one"],
        ["← ↑ Shift+Space PageUp P", "back: hides the last item revealed, else the previous slide"],
        ["Home / End", "first / last slide"],
        ["G", "go to a slide by number"],
        ["O", "overview of all slides (arrows and Enter to pick one)"],
        ["S", "speaker view in a second window: notes, next slide, timer, clock"],
        ["F", "fullscreen"],
        ["B or .", "blackout"],
        ["T", "switch between light and dark"],
        ["?", "this help"],
        ["Esc", "close what is open"],
    ];

    document.addEventListener("DOMContentLoaded", start);

    function start() {
        const deck = document.getElementById("deck");
        if (!deck) return;
        const slides = Array.from(deck.querySelectorAll(":scope > section.slide"));
        if (slides.length === 0) return;
        const last = slides.length - 1;
        // the fragments of each slide, in order: revealed one per step
        const fragments = slides.map((slide) => Array.from(slide.querySelectorAll(".slide-body .fragment")));
        let index = -1;
        // how many fragments of the current slide are revealed
        let step = 0;
        let overview = false;
        let selection = 0;
        // the position another window asked for: not echoed back to it
        let remote = null;
        let speakerWindow = null;
        const instance = Math.random().toString(36).slice(2);

        slides.forEach((slide, position) => {
            slide.setAttribute("aria-label", (position + 1) + " of " + slides.length);
            slide.addEventListener("click", () => {
                if (overview) {
                    toggleOverview(false);
                    go(position);
                }
            });
        });

        // ---- the controls, overlays and (in the speaker window) the speaker panel
        const ui = element("div", "deck-ui");
        const progress = element("div", "deck-progress");
        progress.setAttribute("aria-hidden", "true");
        const progressBar = progress.appendChild(element("span"));
        const controls = element("nav", "deck-controls");
        controls.setAttribute("aria-label", "Slide controls");
        const counter = element("output", "deck-counter");
        counter.setAttribute("aria-live", "polite");
        controls.append(
            button("‹", "Back (←)", backward),
            counter,
            button("›", "Next (→)", forward),
            button("Overview", "Overview (O)", () => toggleOverview()),
            button("Speaker", "Speaker view (S)", openSpeaker, "deck-speaker-button"),
            button("Fullscreen", "Fullscreen (F)", toggleFullscreen),
            button("?", "Keyboard help (?)", () => toggleDialog(help)),
            link("Chapter", deck.dataset.chapter, "Read the chapter"),
            link("Decks", deck.dataset.index, "All decks"),
        );
        const blackout = element("div", "deck-blackout");
        blackout.hidden = true;
        blackout.addEventListener("click", () => (blackout.hidden = true));

        const help = element("div", "deck-dialog deck-help");
        help.setAttribute("role", "dialog");
        help.setAttribute("aria-label", "Keyboard help");
        help.hidden = true;
        const helpTitle = help.appendChild(element("h2"));
        helpTitle.textContent = "Keys";
        const helpTable = help.appendChild(element("table"));
        for (const [keys, what] of HELP) {
            const row = helpTable.appendChild(element("tr"));
            row.appendChild(element("th")).textContent = keys;
            row.appendChild(element("td")).textContent = what;
        }
        const helpNote = help.appendChild(element("p"));
        helpNote.textContent = "Swipe left or right on a touch screen. Print the page for a PDF with one slide per page; add ?print-notes to the address to print the speaker notes.";
        help.appendChild(button("Close", "Close the help", () => toggleDialog(help, false)));

        const gotoForm = element("form", "deck-dialog deck-goto");
        gotoForm.setAttribute("role", "dialog");
        gotoForm.setAttribute("aria-label", "Go to slide");
        gotoForm.hidden = true;
        const gotoLabel = gotoForm.appendChild(element("label"));
        gotoLabel.append("Go to slide (1–" + slides.length + ") ");
        const gotoInput = gotoLabel.appendChild(element("input"));
        gotoInput.type = "number";
        gotoInput.min = "1";
        gotoInput.max = String(slides.length);
        gotoForm.addEventListener("submit", (event) => {
            event.preventDefault();
            const number = parseInt(gotoInput.value, 10);
            toggleDialog(gotoForm, false);
            if (number >= 1 && number <= slides.length) go(number - 1);
        });

        ui.append(progress, controls, blackout, help, gotoForm);
        document.body.appendChild(ui);

        let speaker = null;
        if (isSpeaker) speaker = buildSpeakerPanel();

        // ---- lab widgets: the same loader as the book's theme/head.hbs, with URLs relative to the deck
        loadLabs();

        // ---- navigation and the URL (#/N, or #/N/K with K fragments revealed)
        function fromHash() {
            const match = /^#\/(\d+)(?:\/(\d+))?$/.exec(location.hash);
            if (!match) return null;
            const slide = Math.min(Math.max(parseInt(match[1], 10) - 1, 0), last);
            return { slide: slide, step: match[2] ? parseInt(match[2], 10) : 0 };
        }
        function hashOf(slide, revealed) {
            return "#/" + (slide + 1) + (revealed > 0 ? "/" + revealed : "");
        }
        function clampStep(slide, revealed) {
            return Math.min(Math.max(revealed || 0, 0), fragments[slide].length);
        }
        // a new slide is a new history entry (the back button walks through slides); a step replaces the entry.
        // Without `revealed`, another slide opens with nothing revealed and the current one stays as it is.
        function go(target, revealed) {
            target = Math.min(Math.max(target, 0), last);
            if (target === index) {
                if (revealed !== undefined && clampStep(target, revealed) !== step) reveal(clampStep(target, revealed));
                return;
            }
            const hash = hashOf(target, clampStep(target, revealed));
            // show it now, not when the hashchange event arrives: a key pressed before then must act on this slide
            show(target, revealed);
            location.hash = hash;
        }
        function forward() {
            if (step < fragments[index].length) reveal(step + 1);
            else go(index + 1);
        }
        // back from a slide's first step: the previous slide, everything on it revealed
        function backward() {
            if (step > 0) reveal(step - 1);
            else if (index > 0) go(index - 1, fragments[index - 1].length);
        }
        function showFragments() {
            fragments.forEach((list, position) => {
                list.forEach((fragment, order) => fragment.classList.toggle("revealed", position === index && order < step));
            });
        }
        function reveal(revealed) {
            step = revealed;
            showFragments();
            history.replaceState(null, "", location.pathname + location.search + hashOf(index, step));
            if (speaker) speaker.update();
            announce();
        }
        // tells the other window where we are, unless it is where that window asked us to go
        function announce() {
            const echo = remote !== null && remote.index === index && remote.step === step;
            remote = null;
            if (!echo) send({ type: "slide", index: index, step: step });
        }
        function show(target, revealed) {
            const previous = index;
            const previousStep = step;
            index = target;
            step = clampStep(target, revealed);
            showFragments();
            slides.forEach((slide, position) => {
                slide.classList.toggle("current", position === index);
                slide.classList.toggle("upcoming", isSpeaker && position === index + 1);
            });
            counter.textContent = index + 1 + " / " + slides.length;
            progressBar.style.width = ((index + 1) / slides.length) * 100 + "%";
            const title = slides[index].dataset.title || "";
            document.title = title + " · slides";
            selection = index;
            layout();
            fit(slides[index]);
            if (isSpeaker && index < last) fit(slides[index + 1]);
            if (speaker) speaker.update();
            if (live) live.slideChanged();
            if (previous !== index || previousStep !== step) announce();
        }
        // an address typed or a back/forward; the deck's own moves are shown already and are not shown again
        window.addEventListener("hashchange", () => {
            const target = fromHash();
            if (target !== null && (target.slide !== index || clampStep(target.slide, target.step) !== step)) {
                show(target.slide, target.step);
            }
        });

        // ---- layout: every slide is 1280x720, scaled into its frame (window, speaker pane or overview cell)
        function place(slide, x, y, width, height) {
            const scale = Math.min(width / SLIDE_WIDTH, height / SLIDE_HEIGHT);
            const left = x + (width - SLIDE_WIDTH * scale) / 2;
            const top = y + (height - SLIDE_HEIGHT * scale) / 2;
            slide.style.transform = "translate(" + left + "px, " + top + "px) scale(" + scale + ")";
        }
        function layout() {
            if (overview) {
                const gap = 16;
                const columns = Math.max(2, Math.floor(window.innerWidth / 300));
                const width = (window.innerWidth - gap * (columns + 1)) / columns;
                const height = (width * SLIDE_HEIGHT) / SLIDE_WIDTH;
                slides.forEach((slide, position) => {
                    const column = position % columns;
                    const row = Math.floor(position / columns);
                    place(slide, gap + column * (width + gap), gap + row * (height + gap), width, height);
                    slide.classList.toggle("selected", position === selection);
                });
                deck.style.height = gap + Math.ceil(slides.length / columns) * (height + gap) + "px";
                deck.dataset.columns = String(columns);
                return;
            }
            deck.style.height = "";
            if (speaker) {
                speaker.layout();
                return;
            }
            place(slides[index], 0, 0, window.innerWidth, window.innerHeight);
        }
        window.addEventListener("resize", layout);

        // a slide whose content is taller than the slide shrinks its text, down to 55 %
        function fit(slide) {
            const body = slide.querySelector(".slide-body");
            if (!body) return;
            body.style.fontSize = "";
            let size = 100;
            while (body.scrollHeight > body.clientHeight + 2 && size > 55) {
                size -= 5;
                body.style.fontSize = size + "%";
            }
        }
        window.addEventListener("beforeprint", () => {
            html.classList.add("fitting");
            slides.forEach(fit);
            html.classList.remove("fitting");
        });

        // ---- overview
        function toggleOverview(open) {
            overview = open === undefined ? !overview : open;
            deck.classList.toggle("overview", overview);
            html.classList.toggle("in-overview", overview);
            slides.forEach((slide) => slide.classList.remove("selected"));
            selection = index;
            layout();
            if (overview) window.scrollTo(0, 0);
            else window.scrollTo(0, 0);
        }
        function moveSelection(step) {
            selection = Math.min(Math.max(selection + step, 0), last);
            layout();
            slides[selection].scrollIntoView({ block: "nearest" });
        }

        // ---- dialogs, blackout, fullscreen, theme
        function toggleDialog(dialog, open) {
            const opening = open === undefined ? dialog.hidden : open;
            dialog.hidden = !opening;
            if (opening) {
                const field = dialog.querySelector("input") || dialog.querySelector("button");
                if (field) field.focus();
                if (dialog === gotoForm) gotoInput.value = "";
            } else if (document.activeElement && dialog.contains(document.activeElement)) {
                document.activeElement.blur();
            }
        }
        function toggleFullscreen() {
            if (document.fullscreenElement) {
                document.exitFullscreen().catch(() => {});
            } else if (html.requestFullscreen) {
                html.requestFullscreen().catch(() => {});
            }
        }
        function closeAll() {
            const open = [help, gotoForm].filter((dialog) => !dialog.hidden);
            open.forEach((dialog) => toggleDialog(dialog, false));
            if (open.length) return;
            if (!blackout.hidden) blackout.hidden = true;
            else if (overview) toggleOverview(false);
        }

        // ---- speaker view: the same deck with ?speaker, kept in sync both ways
        function openSpeaker() {
            if (isSpeaker) return;
            const url = location.pathname + "?speaker" + hashOf(index, step);
            speakerWindow = window.open(url, "speaker-view:" + location.pathname, "popup,width=1280,height=800");
            if (speakerWindow) speakerWindow.focus();
        }
        const channelName = "iot-book-slides:" + location.pathname;
        let channel = null;
        try {
            channel = new BroadcastChannel(channelName);
            channel.onmessage = (event) => receive(event.data);
        } catch (error) {
            channel = null;
        }
        window.addEventListener("message", (event) => {
            const peer = isSpeaker ? window.opener : speakerWindow;
            if (peer && event.source === peer && event.data && event.data.channel === channelName) receive(event.data);
        });
        function send(message) {
            message.sender = instance;
            message.channel = channelName;
            if (channel) channel.postMessage(message);
            const peer = isSpeaker ? window.opener : speakerWindow;
            try {
                if (peer && !peer.closed) peer.postMessage(message, location.origin === "null" ? "*" : location.origin);
            } catch (error) {
                // the other window is gone or elsewhere
            }
        }
        function receive(message) {
            if (!message || message.sender === instance) return;
            if (message.type !== "slide" && message.type !== "hello") return;
            if (message.type === "hello") {
                send({ type: "slide", index: index, step: step });
                return;
            }
            if (typeof message.index !== "number" || message.index < 0 || message.index > last) return;
            const revealed = clampStep(message.index, message.step);
            if (message.index === index && revealed === step) return;
            remote = { index: message.index, step: revealed };
            go(message.index, revealed);
        }
        if (isSpeaker) send({ type: "hello" });

        function buildSpeakerPanel() {
            const panel = element("div", "speaker-panel");
            const current = panel.appendChild(element("div", "speaker-current"));
            current.setAttribute("role", "region");
            current.setAttribute("aria-label", "Current slide");
            const next = panel.appendChild(element("div", "speaker-next"));
            next.appendChild(element("p", "speaker-label")).textContent = "Next";
            const nextFrame = next.appendChild(element("div", "speaker-next-frame"));
            const notes = panel.appendChild(element("section", "speaker-notes"));
            notes.setAttribute("aria-label", "Speaker notes");
            notes.appendChild(element("p", "speaker-label")).textContent = "Notes";
            const notesBody = notes.appendChild(element("div", "speaker-notes-body"));
            const bar = panel.appendChild(element("div", "speaker-bar"));
            const timer = bar.appendChild(element("span", "speaker-timer"));
            timer.setAttribute("role", "timer");
            timer.setAttribute("title", "Elapsed since the speaker view opened");
            let started = Date.now();
            let pausedAt = null;
            const pause = button("Pause", "Pause or resume the timer", () => {
                if (pausedAt === null) {
                    pausedAt = Date.now();
                    pause.textContent = "Resume";
                } else {
                    started += Date.now() - pausedAt;
                    pausedAt = null;
                    pause.textContent = "Pause";
                }
                tick();
            });
            const reset = button("Reset", "Reset the timer", () => {
                started = Date.now();
                if (pausedAt !== null) pausedAt = started;
                tick();
            });
            bar.append(pause, reset);
            const clock = bar.appendChild(element("span", "speaker-clock"));
            clock.setAttribute("title", "Time of day");
            // pacing: the minutes planned up to the start and the end of this slide, against the timer
            const planned = slides.map((slide) => parseFloat(slide.dataset.minutes) || 0);
            const plannedTotal = planned.reduce((sum, minutes) => sum + minutes, 0);
            const pacing = bar.appendChild(element("span", "speaker-pacing"));
            pacing.setAttribute("role", "status");
            pacing.title = "Planned minutes from the start of the deck to this slide's start and end, and how the timer stands against them";
            pacing.hidden = deck.dataset.minutes === undefined || plannedTotal <= 0;
            const position = bar.appendChild(element("span", "speaker-position"));
            const endLabel = element("p", "speaker-end");
            endLabel.textContent = "End of the deck";
            nextFrame.appendChild(endLabel);
            const two = (number) => String(number).padStart(2, "0");
            const minutesText = (minutes) => String(Math.round(minutes * 10) / 10);
            function elapsedSeconds() {
                return Math.floor(((pausedAt === null ? Date.now() : pausedAt) - started) / 1000);
            }
            function pace() {
                if (pacing.hidden || index < 0) return;
                const start = planned.slice(0, index).reduce((sum, minutes) => sum + minutes, 0);
                const end = start + planned[index];
                const elapsed = elapsedSeconds() / 60;
                // within half a minute of the plan is on time
                let state = "on time";
                let kind = "on-time";
                if (elapsed < start - 0.5) {
                    state = Math.max(1, Math.round(start - elapsed)) + " min ahead";
                    kind = "ahead";
                } else if (elapsed > end + 0.5) {
                    state = Math.max(1, Math.round(elapsed - end)) + " min behind";
                    kind = "behind";
                }
                const span = start === end ? minutesText(start) : minutesText(start) + "–" + minutesText(end);
                pacing.textContent = "Plan " + span + " of " + minutesText(plannedTotal) + " min · " + state;
                pacing.dataset.pace = kind;
            }
            function tick() {
                const elapsed = elapsedSeconds();
                timer.textContent = two(Math.floor(elapsed / 3600)) + ":" + two(Math.floor(elapsed / 60) % 60) + ":" + two(elapsed % 60);
                const now = new Date();
                clock.textContent = two(now.getHours()) + ":" + two(now.getMinutes());
                pace();
            }
            tick();
            setInterval(tick, 1000);
            document.body.appendChild(panel);
            function frame(element) {
                const rect = element.getBoundingClientRect();
                return [rect.left + window.scrollX, rect.top + window.scrollY, rect.width, rect.height];
            }
            return {
                panel: panel,
                update() {
                    const source = slides[index].querySelector(".notes");
                    notesBody.innerHTML = source ? source.innerHTML : "<p class=\"speaker-empty\">No notes for this slide.</p>";
                    const steps = fragments[index].length;
                    position.textContent = "Slide " + (index + 1) + " of " + slides.length + (steps > 0 ? " · revealed " + step + " of " + steps : "");
                    endLabel.hidden = index < last;
                    pace();
                },
                layout() {
                    place(slides[index], ...frame(current));
                    if (index < last) place(slides[index + 1], ...frame(nextFrame));
                },
            };
        }

        // ---- live questions (peer instruction): when the workshop server serves the deck and this is the host's
        // machine, the speaker view can put a choice question of the slide's quiz to the room. Participants answer
        // at the server's short address /q; the server takes answers once per round per device. Anywhere else
        // (a static site, file://, a participant's browser) the probe fails cleanly or is not even sent, and the
        // quiz stays as it is.
        let live = null;
        startLive();
        function plainText(markup) {
            const parsed = new DOMParser().parseFromString(String(markup || ""), "text/html");
            return (parsed.body.textContent || "").replace(/\s+/g, " ").trim();
        }
        function choiceQuestions(slide) {
            const found = [];
            slide.querySelectorAll('.lab-mount[data-lab="quiz"]').forEach((mount) => {
                let quiz;
                try {
                    quiz = JSON.parse(mount.dataset.options || "{}");
                } catch (error) {
                    return;
                }
                (quiz.question || []).forEach((question, position) => {
                    if (question.kind !== "single" && question.kind !== "multiple") return;
                    found.push({
                        quiz: quiz.id,
                        number: position + 1,
                        kind: question.kind,
                        prompt: plainText(question.prompt),
                        choices: (question.choices || []).map(plainText),
                        correct: question.kind === "single" ? [question.answer] : question.answers,
                        explanation: plainText(question.explanation),
                    });
                });
            });
            return found;
        }
        async function startLive() {
            // the workshop server serves the book under /book/: elsewhere not even the probe is sent
            if (location.protocol !== "http:" && location.protocol !== "https:") return;
            if (!location.pathname.startsWith("/book/")) return;
            const asked = slides.map(choiceQuestions);
            if (!asked.some((list) => list.length > 0)) return;
            const endpoint = new URL("/workshop/api/question", location.origin).href;
            let first = null;
            try {
                const response = await fetch(endpoint, { cache: "no-store", headers: { Accept: "application/json" } });
                if (!response.ok) return;
                first = await response.json();
            } catch (error) {
                return;
            }
            if (!first || first.live_question !== 1) return;
            live = buildLive(endpoint, asked, first);
        }
        function buildLive(endpoint, asked, first) {
            let state = first;
            let shownSlide = -1;
            let drawn = "";
            const letter = (position) => String.fromCharCode(65 + position);
            const address = () => (state.addresses && state.addresses[0]) || new URL("/q", location.origin).href;
            // on the projector the short form: a browser adds http:// by itself
            const shortAddress = () => address().replace(/^http:\/\//, "");
            // the projected deck: where to answer, and how many have
            const banner = element("p", "live-banner");
            banner.setAttribute("role", "status");
            banner.hidden = true;
            if (!isSpeaker) ui.appendChild(banner);
            // the speaker view: ask, watch the histogram, second round, reveal
            let panel = null;
            if (speaker) {
                panel = element("section", "speaker-live");
                panel.setAttribute("aria-label", "Live question");
                panel.appendChild(element("p", "speaker-label")).textContent = "Live question";
                const where = panel.appendChild(element("p", "live-address"));
                const ask = panel.appendChild(element("div", "live-ask"));
                const pickLabel = ask.appendChild(element("label"));
                pickLabel.append("Question ");
                const pick = pickLabel.appendChild(element("select", "live-pick"));
                const askButton = ask.appendChild(button("Ask the room", "Ask the room: put this question to participants' devices", () => {
                    const question = asked[index][parseInt(pick.value, 10) || 0];
                    if (question) act("open", question);
                }, "live-open"));
                const poll = panel.appendChild(element("div", "live-poll"));
                const summary = poll.appendChild(element("p", "live-summary"));
                summary.setAttribute("role", "status");
                const histogram = poll.appendChild(element("ol", "live-histogram"));
                histogram.setAttribute("aria-label", "Answers per choice");
                const explanation = poll.appendChild(element("p", "live-explanation"));
                const actions = poll.appendChild(element("div", "live-actions"));
                const closeButton = button("Close answers", "Close answers: stop taking them", () => act("close"), "live-close");
                const roundButton = button("Second round", "Second round: after the discussion, everyone answers again", () => act("second-round"), "live-second-round");
                const revealButton = button("Reveal answer", "Reveal answer: show it here and on participants' devices", () => act("reveal"), "live-reveal");
                const endButton = button("End", "End: take the question away", () => act("end"), "live-end");
                actions.append(closeButton, roundButton, revealButton, endButton);
                const problem = panel.appendChild(element("p", "live-error"));
                problem.setAttribute("role", "alert");
                speaker.panel.appendChild(panel);
                speaker.panel.classList.add("with-live");
                panel.parts = { where, ask, pick, askButton, poll, summary, histogram, explanation, closeButton, roundButton, revealButton, problem };
                layout();
            }
            function draw() {
                const current = state.poll;
                banner.hidden = !current;
                if (current) {
                    const answers = current.rounds[current.rounds.length - 1].answers;
                    banner.textContent = current.revealed
                        ? "Live question: the answer is revealed"
                        : "Answer at " + shortAddress() + " · " + answers + (answers === 1 ? " answer" : " answers") + (current.round === 2 ? " (second round)" : "") + (current.open ? "" : " · closed");
                }
                if (!panel) return;
                const parts = panel.parts;
                if (state.addresses && state.addresses.length > 0) {
                    parts.where.textContent = "Participants answer at " + state.addresses.join(" or ");
                } else if (!parts.where.firstChild) {
                    parts.where.append("The server listens on this machine only: start it with ");
                    parts.where.appendChild(element("code")).textContent = "--lan";
                    parts.where.append(" for participants to reach " + address());
                }
                if (shownSlide !== index) {
                    shownSlide = index;
                    parts.pick.textContent = "";
                    asked[index].forEach((question, position) => {
                        const option = parts.pick.appendChild(element("option"));
                        option.value = String(position);
                        const prompt = question.prompt.length > 70 ? question.prompt.slice(0, 67) + "…" : question.prompt;
                        option.textContent = question.number + ". " + prompt;
                    });
                }
                parts.ask.hidden = asked[index].length === 0;
                parts.poll.hidden = !current;
                const signature = JSON.stringify(current);
                if (!current || signature === drawn) return;
                drawn = signature;
                const last = current.rounds[current.rounds.length - 1];
                parts.summary.textContent = "Question " + current.number + " of " + current.quiz + " · round " + current.round + " · "
                    + (current.revealed ? "answer revealed" : current.open ? "answers open" : "answers closed") + " · "
                    + last.answers + (last.answers === 1 ? " answer" : " answers");
                parts.histogram.textContent = "";
                current.choices.forEach((choice, position) => {
                    const item = parts.histogram.appendChild(element("li", "live-choice"));
                    const right = current.revealed && current.correct.includes(position);
                    item.classList.toggle("correct", right);
                    const label = item.appendChild(element("span", "live-choice-text"));
                    label.textContent = letter(position) + ". " + (choice.length > 60 ? choice.slice(0, 57) + "…" : choice) + (right ? " ✓ correct" : "");
                    label.title = choice;
                    current.rounds.forEach((round, number) => {
                        const count = round.counts[position] || 0;
                        const row = item.appendChild(element("span", "live-round live-round-" + (number + 1)));
                        const bar = row.appendChild(element("span", "live-bar"));
                        // at most 70 % of the row: the count stays beside its bar
                        bar.style.width = (round.answers > 0 ? (count / round.answers) * 70 : 0) + "%";
                        bar.setAttribute("aria-hidden", "true");
                        const text = row.appendChild(element("span", "live-count"));
                        text.textContent = (current.rounds.length > 1 ? "round " + (number + 1) + ": " : "") + count;
                    });
                });
                parts.explanation.hidden = !current.revealed;
                parts.explanation.textContent = current.revealed ? current.explanation : "";
                parts.closeButton.disabled = !current.open;
                parts.roundButton.disabled = current.revealed || current.round !== 1;
                parts.revealButton.disabled = current.revealed;
            }
            async function act(action, body) {
                if (panel) panel.parts.problem.textContent = "";
                try {
                    const response = await fetch(endpoint + "/" + action, {
                        method: "POST",
                        cache: "no-store",
                        headers: { "Content-Type": "application/json" },
                        body: JSON.stringify(body || {}),
                    });
                    const text = await response.text();
                    if (!response.ok) throw new Error(text.trim() || String(response.status));
                    state = JSON.parse(text);
                    draw();
                } catch (error) {
                    if (panel) panel.parts.problem.textContent = "The live question did not change: " + error.message;
                }
            }
            async function refresh() {
                // only while there is something to show: a question on this slide, or one put to the room
                if (!state.poll && asked[index].length === 0 && !isSpeaker) return;
                try {
                    const response = await fetch(endpoint, { cache: "no-store", headers: { Accept: "application/json" } });
                    if (!response.ok) return;
                    state = await response.json();
                    draw();
                } catch (error) {
                    // the server went away: keep what is shown
                }
            }
            draw();
            setInterval(refresh, 1000);
            return { slideChanged: draw };
        }

        // ---- keyboard, touch
        document.addEventListener("keydown", (event) => {
            if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
            const key = event.key;
            const target = event.target instanceof Element ? event.target : null;
            const typing = target && target.closest("input, textarea, select, [contenteditable]");
            // keys pressed in a lab or quiz are the lab's (arrows on a button, a matrix cell, a <summary>)
            const inLab = target && target.closest(".lab-mount");
            const pressingButton = target && target.closest("button, a, summary");
            if (key === "Escape") {
                closeAll();
                event.preventDefault();
                return;
            }
            // a presenter's remote sends PageDown / PageUp: those still move the deck
            if ((typing || inLab) && key !== "PageDown" && key !== "PageUp") return;
            if (pressingButton && (key === " " || key === "Enter")) return;
            if (!help.hidden && key !== "?") return;
            if (overview) {
                const columns = parseInt(deck.dataset.columns || "4", 10);
                const steps = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
                if (key in steps) {
                    moveSelection(steps[key]);
                    event.preventDefault();
                    return;
                }
                if (key === "Enter" || key === " ") {
                    const picked = selection;
                    toggleOverview(false);
                    go(picked);
                    event.preventDefault();
                    return;
                }
            }
            switch (key) {
                case "ArrowRight":
                case "ArrowDown":
                case "PageDown":
                case "n":
                case "N":
                    forward();
                    break;
                case " ":
                    if (event.shiftKey) backward();
                    else forward();
                    break;
                case "ArrowLeft":
                case "ArrowUp":
                case "PageUp":
                case "p":
                case "P":
                    backward();
                    break;
                case "Home":
                    go(0);
                    break;
                case "End":
                    go(last);
                    break;
                case "o":
                case "O":
                    toggleOverview();
                    break;
                case "s":
                case "S":
                    openSpeaker();
                    break;
                case "f":
                case "F":
                    toggleFullscreen();
                    break;
                case "b":
                case "B":
                case ".":
                    blackout.hidden = !blackout.hidden;
                    break;
                case "g":
                case "G":
                    toggleDialog(gotoForm, true);
                    break;
                case "t":
                case "T":
                    themeOverride = !wantsDark();
                    applyTheme();
                    break;
                case "?":
                    toggleDialog(help);
                    break;
                default:
                    return;
            }
            event.preventDefault();
        });

        let touchStart = null;
        deck.addEventListener("touchstart", (event) => {
            const touch = event.changedTouches[0];
            const inLab = event.target instanceof Element && event.target.closest(".lab-mount");
            touchStart = inLab || overview ? null : { x: touch.clientX, y: touch.clientY };
        }, { passive: true });
        deck.addEventListener("touchend", (event) => {
            if (!touchStart) return;
            const touch = event.changedTouches[0];
            const dx = touch.clientX - touchStart.x;
            const dy = touch.clientY - touchStart.y;
            touchStart = null;
            if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) {
                if (dx < 0) forward();
                else backward();
            }
        }, { passive: true });

        // the controls fade when the mouse rests; keyboard focus shows them
        let idleTimer = null;
        function wake() {
            html.classList.remove("idle");
            clearTimeout(idleTimer);
            idleTimer = setTimeout(() => html.classList.add("idle"), 2500);
        }
        document.addEventListener("mousemove", wake);
        wake();

        // start on the slide the URL names (#/N or #/N/K), else the first
        const initial = fromHash();
        if (initial === null) {
            history.replaceState(null, "", location.pathname + location.search + "#/1");
        }
        show(initial === null ? 0 : initial.slide, initial === null ? 0 : initial.step);
        // a step beyond the slide's fragments (an old link) is corrected in the address
        if (initial !== null && initial.step !== step) {
            history.replaceState(null, "", location.pathname + location.search + hashOf(index, step));
        }

        // for tests and tools
        window.slideDeck = {
            get index() {
                return index;
            },
            get count() {
                return slides.length;
            },
            // how many fragments of the current slide are revealed, and how many it has
            get step() {
                return step;
            },
            get steps() {
                return fragments[index].length;
            },
            go: go,
        };
    }

    async function loadLabs() {
        const root = html.dataset.root || "";
        const mounts = Array.from(document.querySelectorAll(".lab-mount[data-bundle]"));
        const bundles = [...new Set(mounts.map((mount) => mount.dataset.bundle))];
        // the bundles of one deck load in parallel
        await Promise.all(bundles.map(async (bundle) => {
            const mine = mounts.filter((mount) => mount.dataset.bundle === bundle);
            try {
                const url = new URL(root + "labs/" + bundle + ".js", document.baseURI);
                const module = await import(url.href);
                await module.default();
                for (const mount of mine) {
                    try {
                        module.mount(mount, mount.dataset.lab, mount.dataset.options || "{}");
                    } catch (error) {
                        mount.textContent = "";
                        const message = mount.appendChild(element("p", "lab-error"));
                        message.setAttribute("role", "alert");
                        message.textContent = "This lab could not start: " + error;
                    }
                }
            } catch (error) {
                for (const mount of mine) {
                    const message = mount.querySelector(".lab-fallback") || mount.appendChild(element("p"));
                    message.className = "lab-error";
                    message.setAttribute("role", "alert");
                    message.textContent = "The interactive lab could not be loaded (" + error + "). Reload the page to try again.";
                }
            }
        }));
    }

    function element(name, className) {
        const created = document.createElement(name);
        if (className) created.className = className;
        return created;
    }
    function button(text, label, action, className) {
        const created = element("button", className);
        created.type = "button";
        created.textContent = text;
        created.title = label;
        created.setAttribute("aria-label", label);
        created.addEventListener("click", (event) => {
            action();
            created.blur();
            event.stopPropagation();
        });
        return created;
    }
    function link(text, href, label) {
        const created = element("a", "deck-link");
        created.textContent = text;
        created.href = href || "#";
        created.title = label;
        return created;
    }
})();
