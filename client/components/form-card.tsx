import type { FormEvent, ReactNode } from 'react';

interface FormCardProps {
  heading: string;
  /** Bootstrap column classes that set the card's width. */
  columns: string;
  onSubmit: () => unknown;
  children: ReactNode;
}

// Every form page has the same centred card; the form's own fields go inside.
const FormCard = ({ heading, columns, onSubmit, children }: FormCardProps) => {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };

  return (
    <div className="row justify-content-center">
      <div className={columns}>
        <div className="card shadow-sm">
          <div className="card-body p-4">
            <h1 className="h3 mb-4">{heading}</h1>
            {/* noValidate: the API's messages are the single source of validation feedback. */}
            <form onSubmit={submit} noValidate>
              {children}
            </form>
          </div>
        </div>
      </div>
    </div>
  );
};

export default FormCard;
