// Command sgtrain trains the detectors' text models from the project's
// corpus and measures how well the detectors generalise:
//
//	go run ./cmd/sgtrain                # train, write detectors/model/*.bin, print the report
//	go run ./cmd/sgtrain -lofo -lolo    # also leave one frame / one language out
//	go run ./cmd/sgtrain -check         # train and compare with the committed files
//
// The models are measured on the held-out split (base items never trained
// on), then trained again on every base item and written: the shipped
// models know every wording the corpus has. The same data gives
// byte-identical model files.
package main

import (
	"fmt"
	"os"

	"github.com/silentguard/silentguard/internal/modeltrain"
)

func main() {
	if err := modeltrain.Run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sgtrain:", err)
		os.Exit(1)
	}
}
