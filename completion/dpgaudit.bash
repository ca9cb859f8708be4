# bash completion for dpgaudit.  Commands and options are read from the
# program's own help ('dpgaudit --help', 'dpgaudit help COMMAND'), so they
# stay in step with the binary; values are completed for --format,
# --color, --type, --fail-on, rules subcommands, and files or directories
# elsewhere.
_dpgaudit()
{
	local cur prev words cword cmd i
	if declare -F _init_completion >/dev/null 2>&1; then
		_init_completion -n = || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	local prog=${words[0]}

	cmd=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
			awk '/^Commands:/ {on = 1; next} on && NF == 0 {on = 0}
			     on {print $1}') --help --version" -- "$cur"))
		return
	fi

	case $prev in
	--format)
		case $cmd in
		scan | report) COMPREPLY=($(compgen -W "text md json html sarif screening dpg-form" -- "$cur")) ;;
		diff) COMPREPLY=($(compgen -W "text json md" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		esac
		return ;;
	--type)
		COMPREPLY=($(compgen -W "software content data standard aimodel" -- "$cur"))
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "status verdict license evidence component sdg ownership any none" -- "$cur"))
		return ;;
	--rules | -o | --output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--db | --nomination)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--rev | -r | --max-file-size | --from | --to | --batch | --indicator)
		return ;;
	esac
	case $cur in
	--color=*)
		COMPREPLY=($(compgen -W "auto always never" -- "${cur#--color=}"))
		return ;;
	-*)
		COMPREPLY=($(compgen -W "$("$prog" help "$cmd" 2>/dev/null |
			grep -o -- '--[a-z][a-z-]*' | sort -u) --help" -- "$cur"))
		return ;;
	esac
	case $cmd in
	rules)
		if [[ $cword -eq $((i + 1)) ]]; then
			COMPREPLY=($(compgen -W "lint test list" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	help)
		COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
			awk '/^Commands:/ {on = 1; next} on && NF == 0 {on = 0}
			     on {print $1}')" -- "$cur")) ;;
	licenses | scans) ;;
	*)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _dpgaudit dpgaudit
